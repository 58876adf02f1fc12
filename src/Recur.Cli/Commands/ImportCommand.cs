// `recur import torch`: converts a PyTorch nn.RNN/LSTM/GRU state_dict saved as safetensors into a Recur
// model file, checking every tensor name and shape against the given options.
using System.CommandLine;
using Recur.IO;
using Recur.Layers;

namespace Recur.Cli.Commands;

internal static class ImportCommand
{
    internal static Command Create()
    {
        var import = new Command("import", "Import models from other frameworks.");
        var kind = new Option<string>("--kind") { Description = "rnn, lstm or gru.", Required = true };
        kind.AcceptOnlyFromAmong("rnn", "lstm", "gru");
        var input = new Option<int>("--input-size") { Description = "input_size (I).", Required = true };
        var hidden = new Option<int>("--hidden-size") { Description = "hidden_size (H).", Required = true };
        var layers = new Option<int>("--num-layers") { Description = "num_layers.", DefaultValueFactory = _ => 1 };
        var bidirectional = new Option<bool>("--bidirectional") { Description = "Two directions." };
        var batchFirst = new Option<bool>("--batch-first") { Description = "Input and output as [B, T, features]." };
        var noBias = new Option<bool>("--no-bias") { Description = "The model has no bias_ih / bias_hh." };
        var nonlinearity = new Option<string>("--nonlinearity") { Description = "tanh or relu (rnn only).", DefaultValueFactory = _ => "tanh" };
        nonlinearity.AcceptOnlyFromAmong("tanh", "relu");
        var proj = new Option<int>("--proj-size") { Description = "LSTM proj_size (0: none).", DefaultValueFactory = _ => 0 };
        var weights = new Option<string>("--weights") { Description = "The state_dict as a safetensors file.", Required = true };
        var output = new Option<string>("--out") { Description = "The Recur model file to write.", Required = true }.OutputFile();
        var torch = new Command("torch", "Import a PyTorch nn.RNN / nn.LSTM / nn.GRU state_dict (safetensors).")
        {
            kind, input, hidden, layers, bidirectional, batchFirst, noBias, nonlinearity, proj, weights, output,
        };
        torch.SetAction(parse =>
        {
            var config = new RecurrentConfig
            {
                Kind = parse.GetValue(kind)!,
                InputSize = parse.GetValue(input),
                HiddenSize = parse.GetValue(hidden),
                NumLayers = parse.GetValue(layers),
                Bidirectional = parse.GetValue(bidirectional),
                BatchFirst = parse.GetValue(batchFirst),
                Bias = !parse.GetValue(noBias),
                Nonlinearity = parse.GetValue(nonlinearity)!,
                ProjSize = parse.GetValue(proj),
            };
            var model = ModelFile.ImportTorch(config, parse.GetValue(weights)!);
            ModelFile.Save(parse.GetValue(output)!, model);
            parse.InvocationConfiguration.Output.WriteLine(
                $"imported {config.Kind} ({model.ParameterCount()} parameters, {model.NamedParameters().Count()} tensors) -> {parse.GetValue(output)}");
            return 0;
        });
        import.Subcommands.Add(torch);
        return import;
    }
}
