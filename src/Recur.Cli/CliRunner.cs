// CliRunner: runs a parsed command line and turns user errors (bad arguments, bad files, unsupported
// hardware paths) into a one-line message on stderr and exit code 2, never a stack trace.
using System.CommandLine;

namespace Recur.Cli;

/// <summary>Invokes the root command with uniform error handling.</summary>
public static class CliRunner
{
    /// <summary>Exit code for a user error.</summary>
    public const int UserError = 2;

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code.</summary>
    public static int Run(Command root, string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var parse = root.Parse(args);
        var config = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            Output = stdout ?? Console.Out,
            Error = stderr ?? Console.Error,
        };
        try
        {
            return parse.Invoke(config);
        }
        catch (Exception e) when (IsUserError(e))
        {
            config.Error.WriteLine($"error: {e.Message}");
            return UserError;
        }
    }

    /// <summary>Exceptions that describe bad input rather than a bug.</summary>
    public static bool IsUserError(Exception e) => e is ArgumentException or InvalidDataException or IOException
        or UnauthorizedAccessException or PlatformNotSupportedException or InvalidOperationException or FormatException;
}
