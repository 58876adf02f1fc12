// recur: the command-line tool. Parses arguments and calls the library; user errors print one clear
// line (no stack trace) and exit with code 2.
using Recur.Cli;

return CliRunner.Run(CliApp.CreateRoot(), args);
