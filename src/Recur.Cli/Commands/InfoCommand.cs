// `recur info --model FILE [--json]`: what a model, checkpoint or any safetensors file holds: its kind, the
// network as PyTorch would print it (for models Recur rebuilds), the metadata and every tensor's dtype and shape.
using System.CommandLine;
using Recur.Applications;

namespace Recur.Cli.Commands;

internal static class InfoCommand
{
    internal static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A safetensors file: a Recur model or checkpoint, or any other.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead (metadata values in full)." };
        var cmd = new Command("info", "Show what a model file holds: its kind, network, metadata and tensors.") { model, json };
        cmd.SetAction(parse =>
        {
            var info = ModelInfo.Read(parse.GetValue(model)!);
            parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(json) ? info.ToJson() : info.ToText());
            return 0;
        });
        return cmd;
    }
}
