// OptionChecks: range checks attached to options shared by many commands (--threads, --minutes, --lr,
// --clip, --out), so that a bad value is a parse error naming the option and the allowed range
// (`error: --threads must be at least 1, got 0.`), reported before any data is read or any training runs,
// rather than a .NET message from deep inside (or, for --out, after a whole training run).
using System.CommandLine;
using System.CommandLine.Parsing;
using static System.FormattableString;

namespace Recur.Cli;

internal static class OptionChecks
{
    /// <summary>The longest time budget accepted: ten years, far inside what a TimeSpan can hold.</summary>
    public const double MaxMinutes = 10 * 365.25 * 24 * 60;

    /// <summary>Kernel threads: at least 1.</summary>
    public static Option<int> Threads(this Option<int> option) => Check(option, v => v >= 1, v => Invariant($"must be at least 1, got {v}"));

    /// <summary>Thread counts to measure: each at least 1 (none given: the default).</summary>
    public static Option<int[]> ThreadCounts(this Option<int[]> option) =>
        Check(option, v => v is null || v.All(t => t >= 1), v => Invariant($"must all be at least 1, got {string.Join(' ', v)}"));

    /// <summary>A time budget in minutes: a positive finite number up to <see cref="MaxMinutes"/>.</summary>
    public static Option<double> Minutes(this Option<double> option) => Check(option, IsMinutes, v => MinutesMessage(v));

    /// <inheritdoc cref="Minutes(Option{double})"/>
    public static Option<double?> Minutes(this Option<double?> option) =>
        Check(option, v => v is not { } m || IsMinutes(m), v => MinutesMessage(v!.Value));

    /// <summary>Seconds to measure for: positive, at most an hour.</summary>
    public static Option<double> Seconds(this Option<double> option) =>
        Check(option, v => v > 0 && v <= 3600, v => Invariant($"must be a positive number of seconds (at most 3600), got {v}"));

    /// <summary>A learning rate: positive and finite.</summary>
    public static Option<float> LearningRate(this Option<float> option) =>
        Check(option, v => v > 0 && float.IsFinite(v), v => Invariant($"must be a positive number, got {v}"));

    /// <summary>A gradient-norm clip: positive and finite.</summary>
    public static Option<float> Clip(this Option<float> option) =>
        Check(option, v => v > 0 && float.IsFinite(v), v => Invariant($"must be a positive number, got {v}"));

    /// <summary>A file to write (a string option, required or not): its folder must exist and it must not be a folder itself.</summary>
    public static Option<T> OutputFile<T>(this Option<T> option) where T : class? =>
        Check(option, v => v is not string path || OutputProblem(path) == null, v => ": " + OutputProblem((string)(object)v!)!);

    /// <summary>Why <paramref name="path"/> cannot be written (null when it can be, as far as can be told up front).</summary>
    public static string? OutputProblem(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) return "needs a file name";
        if (Directory.Exists(path)) return $"'{path}' is a directory; give a file name inside it";
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null && !Directory.Exists(dir)) return $"the directory '{dir}' does not exist; create it first";
        return dir == null ? null : WriteProblem(dir);
    }

    /// <summary>
    /// Whether a file can be created in <paramref name="dir"/> (a read-only folder or file system would otherwise be
    /// found only at the save, after the training): a probe file is created there and deleted.
    /// </summary>
    private static string? WriteProblem(string dir)
    {
        string probe = Path.Combine(dir, $".recur-write-check-{Guid.NewGuid():N}.tmp");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return $"cannot write in the directory '{dir}' ({e.Message.TrimEnd('.')}); choose a folder you can write to";
        }
    }

    private static bool IsMinutes(double m) => m > 0 && m <= MaxMinutes;

    private static string MinutesMessage(double m) => Invariant($"must be a positive number of minutes (at most {MaxMinutes:0}), got {m}");

    private static Option<T> Check<T>(Option<T> option, Func<T, bool> ok, Func<T, string> problem)
    {
        option.Validators.Add(result =>
        {
            // A token that did not convert (--minutes abc) already has the parser's own error; reading the value
            // would throw instead of reporting it.
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return;
            }
            if (!ok(value))
            {
                string what = problem(value);
                result.AddError($"{option.Name}{(what.StartsWith(':') ? "" : " ")}{what}.");
            }
        });
        return option;
    }
}
