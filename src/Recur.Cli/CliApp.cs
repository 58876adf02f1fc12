// CliApp: the `recur` command tree. Each subcommand lives in its own file under Commands/.
using System.CommandLine;
using System.CommandLine.Help;
using Recur.Cli.Commands;

namespace Recur.Cli;

/// <summary>Builds the root command of `recur`.</summary>
public static class CliApp
{
    /// <summary>The root command with every subcommand attached.</summary>
    /// <remarks>
    /// A plain command named "recur" with the help and version options RootCommand would add: RootCommand
    /// takes its name from the entry assembly, and help would print "Usage: Recur.Cli" where users type
    /// `recur`.
    /// </remarks>
    public static Command CreateRoot()
    {
        var root = new Command("recur", "Recur: recurrent neural networks in pure .NET.");
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(ClassifyCommand.Create());
        root.Subcommands.Add(ForecastCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(SpeechCommand.Transcribe());
        root.Subcommands.Add(TagCommand.Tag());
        root.Subcommands.Add(TranslateCommand.Translate());
        return root;
    }
}
