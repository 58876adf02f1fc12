using System.Diagnostics;

namespace Recur.Tests.Cli.Commands;

/// <summary>Ctrl-C (SIGINT) during `recur train` writes a resumable checkpoint and exits cleanly.</summary>
public class TrainInterruptTests
{
    [Fact]
    public async Task Sigint_writes_a_checkpoint_that_resume_continues()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        string dir = Directory.CreateTempSubdirectory("recur-sigint-").FullName;
        try
        {
            string model = Path.Combine(dir, "m.safetensors");
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Recur.Cli.dll"), "train", "copy", "--length", "10", "--hidden", "8",
                         "--threads", "1", "--minutes", "3", "--out", model })
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var errTask = p.StandardError.ReadToEndAsync();
            string? line;
            var seen = new List<string>();
            while ((line = p.StandardOutput.ReadLine()) != null)
            {
                seen.Add(line);
                if (line.StartsWith("epoch 2/", StringComparison.Ordinal)) break;
            }
            Assert.True(line != null, "training ended before the first epochs were reported: " + string.Join("\n", seen));
            using (var kill = Process.Start("kill", ["-INT", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill!.WaitForExit();
            string rest = p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(60_000), "recur did not stop after SIGINT");
            string err = await errTask;
            Assert.True(p.ExitCode == 0, err);
            Assert.Contains("interrupted", rest);
            Assert.Contains("stopping cleanly (press Ctrl-C again to quit at once)", err);
            Assert.True(File.Exists(Path.Combine(dir, "m.checkpoint.safetensors")));

            var (code, stdout, stderr) = CliProcess.InProcess("train", "copy", "--length", "10", "--hidden", "8", "--threads", "1",
                "--epochs", "4", "--out", model, "--resume");
            Assert.True(code == 0, stderr);
            Assert.Contains("epoch 4/4", stdout);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
