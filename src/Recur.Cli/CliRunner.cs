// CliRunner: runs a parsed command line and turns user errors (bad arguments, bad files, unsupported
// hardware paths) into a one-line message on stderr and exit code 2, never a stack trace. Parse errors
// (unknown options, missing or malformed values) get the same: `error:` lines, exit code 2.
using System.CommandLine;
using System.CommandLine.Parsing;

namespace Recur.Cli;

/// <summary>Invokes the root command with uniform error handling.</summary>
public static class CliRunner
{
    /// <summary>Exit code for a user error.</summary>
    public const int UserError = 2;

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code.</summary>
    public static int Run(Command root, string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var config = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            Output = stdout ?? Console.Out,
            Error = stderr ?? Console.Error,
        };
        if (args.Length == 0)
        {
            // No command at all: the overview of commands is the useful answer, still a usage error.
            root.Parse(["--help"]).Invoke(config);
            return UserError;
        }
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One `error:` line per problem and where to look, like every other user error (not the full help).
            foreach (var error in parse.Errors)
                config.Error.WriteLine($"error: {Friendly(error.Message)}");
            config.Error.WriteLine($"Run '{CommandPath(parse.CommandResult)} --help' for usage.");
            return UserError;
        }
        if (SamePath(parse) is { } clash)
        {
            config.Error.WriteLine($"error: {clash}");
            return UserError;
        }
        // A train command without --out keeps nothing: say so before the work starts, not after.
        if (CommandPath(parse.CommandResult).StartsWith("recur train ", StringComparison.Ordinal)
            && parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == "--out") is { } outOption
            && parse.GetResult(outOption) is null or { Implicit: true })
            config.Error.WriteLine("note: no --out given; the trained model will not be saved.");
        try
        {
            return parse.Invoke(config);
        }
        catch (Exception e) when (IsUserError(Unwrap(e)))
        {
            config.Error.WriteLine($"error: {UserMessage(Unwrap(e))}");
            return UserError;
        }
    }

    /// <summary>
    /// The message of a user error as a user should read it: an ArgumentException's "(Parameter 'x')" names a
    /// .NET parameter, not an option, so it is dropped, and an out-of-range value's second line
    /// ("Actual value was 0.") is folded into the sentence.
    /// </summary>
    public static string UserMessage(Exception e)
    {
        string message = e.Message;
        if (e is ArgumentOutOfRangeException { ActualValue: { } actual })
        {
            int at = message.LastIndexOf(Environment.NewLine + "Actual value was", StringComparison.Ordinal);
            if (at >= 0) message = message[..at] + $" (got {actual})";
        }
        if (e is ArgumentException { ParamName: { } name })
            message = message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal);
        return message;
    }

    /// <summary>
    /// An output option (--out, --output) that names a file an input option (--data, --dev, --weights, --model,
    /// --input) reads: writing it would destroy the input (a forecast written over its series, a model over its
    /// training data). Null when there is none.
    /// </summary>
    internal static string? SamePath(ParseResult parse)
    {
        string[] inputs = ["--data", "--dev", "--weights", "--model", "--input"], outputs = ["--out", "--output"];
        var given = new List<(string Name, string Path)>();
        foreach (var child in parse.CommandResult.Children)
            if (child is OptionResult { Implicit: false } o && o.Tokens.Count == 1 && (inputs.Contains(o.Option.Name) || outputs.Contains(o.Option.Name)))
                given.Add((o.Option.Name, o.Tokens[0].Value));
        foreach (var (outName, outPath) in given.Where(g => outputs.Contains(g.Name)))
            foreach (var (inName, inPath) in given.Where(g => inputs.Contains(g.Name)))
                if (SameFile(outPath, inPath))
                    return $"{outName} names the file {inName} reads ('{inPath}'); writing it would destroy the input. Give another path.";
        return null;
    }

    private static bool SameFile(string a, string b)
    {
        try
        {
            return string.Equals(Resolve(a), Resolve(b), StringComparison.Ordinal);
        }
        catch (Exception e) when (e is ArgumentException or IOException or NotSupportedException or UnauthorizedAccessException)
        {
            return false;
        }

        static string Resolve(string path)
        {
            var full = Path.GetFullPath(path);
            var info = new FileInfo(full);
            return info.Exists && info.LinkTarget != null ? info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full : full;
        }
    }

    /// <summary>
    /// A parse error in a user's words: "as expected type 'System.Nullable`1[System.Double]'" becomes "as a number"
    /// (System.CommandLine names the .NET type the value should have converted to).
    /// </summary>
    public static string Friendly(string message)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, @" as expected type '(?:System\.Nullable`1\[)?System\.(\w+)\]?'");
        if (!m.Success) return message;
        string kind = m.Groups[1].Value switch
        {
            "Double" or "Single" or "Decimal" => "a number",
            "Int32" or "Int64" or "UInt32" or "UInt64" or "Int16" => "a whole number",
            "Boolean" => "true or false",
            _ => null!,
        };
        return kind == null ? message : message.Remove(m.Index, m.Length).Insert(m.Index, " as " + kind);
    }

    /// <summary>The words of the command that was parsed, from the root ("recur bench rnn").</summary>
    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? r = command; r != null; r = r.Parent)
            if (r is CommandResult c) names.Insert(0, c.Command.Name);
        return string.Join(' ', names);
    }

    /// <summary>
    /// The exception a user should hear about: a parallel loop (Parallel.For over files or clips) wraps its
    /// iterations' exceptions in an AggregateException; the first one that describes bad input is unwrapped.
    /// </summary>
    public static Exception Unwrap(Exception e) =>
        e is AggregateException a && a.Flatten().InnerExceptions.FirstOrDefault(IsUserError) is { } inner ? inner : e;

    /// <summary>Exceptions that describe bad input rather than a bug.</summary>
    public static bool IsUserError(Exception e) => e is ArgumentException or InvalidDataException or IOException
        or UnauthorizedAccessException or PlatformNotSupportedException or InvalidOperationException or FormatException;
}
