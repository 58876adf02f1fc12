// recur: the command-line tool. Parses arguments and calls the library; user errors print one clear
// line (no stack trace) and exit with code 2.
using System.CommandLine;
using Recur.Cli;
using Recur.Cli.Commands;

var root = new RootCommand("Recur: recurrent neural networks in pure .NET.");
root.Subcommands.Add(BenchCommand.Create());
return CliRunner.Run(root, args);
