// `recur run`: one forward pass of a Recur model file over .npy inputs, writing float32 .npy outputs.
using System.CommandLine;
using Recur.Inference;
using Recur.Tensors;

namespace Recur.Cli.Commands;

internal static class RunCommand
{
    internal static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Recur model file.", Required = true };
        var input = new Option<string>("--input") { Description = "x as .npy ([T, B, I]; [B, T, I] for batch-first models; [T, I]).", Required = true };
        var output = new Option<string>("--output") { Description = "Where to write the output sequence (.npy).", Required = true }.OutputFile();
        var h0 = new Option<string?>("--h0") { Description = "Initial hidden state [D*L, B, Hout] (.npy)." };
        var c0 = new Option<string?>("--c0") { Description = "Initial cell state [D*L, B, H] (.npy, LSTM)." };
        var lengths = new Option<string?>("--lengths") { Description = "Sequence lengths [B] (.npy, int32 or int64)." };
        var hn = new Option<string?>("--hn") { Description = "Where to write the final hidden state (.npy)." }.OutputFile();
        var cn = new Option<string?>("--cn") { Description = "Where to write the final cell state (.npy, LSTM)." }.OutputFile();
        var cmd = new Command("run", "Run a model's forward pass on .npy files.") { model, input, output, h0, c0, lengths, hn, cn };
        cmd.SetAction(parse =>
        {
            var request = new ModelRunRequest(parse.GetValue(model)!, parse.GetValue(input)!, parse.GetValue(output)!,
                parse.GetValue(h0), parse.GetValue(c0), parse.GetValue(lengths), parse.GetValue(hn), parse.GetValue(cn));
            var (o, h, c) = ModelRunner.Run(request);
            parse.InvocationConfiguration.Output.WriteLine(
                $"output {Shapes.Format(o)} -> {request.Output}" + (request.HN != null ? $", h_n {Shapes.Format(h)} -> {request.HN}" : "") +
                (request.CN != null && c != null ? $", c_n {Shapes.Format(c)} -> {request.CN}" : ""));
            return 0;
        });
        return cmd;
    }
}
