// CliApp: the `recur` command tree. Each subcommand lives in its own file under Commands/.
using System.CommandLine;
using Recur.Cli.Commands;

namespace Recur.Cli;

/// <summary>Builds the root command of `recur`.</summary>
public static class CliApp
{
    /// <summary>The root command with every subcommand attached.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("Recur: recurrent neural networks in pure .NET.");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(ClassifyCommand.Create());
        root.Subcommands.Add(ForecastCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(SpeechCommand.Transcribe());
        root.Subcommands.Add(TagCommand.Tag());
        root.Subcommands.Add(TranslateCommand.Translate());
        return root;
    }
}
