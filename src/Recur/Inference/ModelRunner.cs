// ModelRunner: file-to-file inference behind `recur run`: loads a Recur model file and .npy inputs, runs
// one forward pass without gradients in evaluation mode, writes float32 .npy outputs (atomically).
using Recur.Autograd;
using Recur.IO;
using Recur.Tensors;

namespace Recur.Inference;

/// <summary>Paths of one `recur run` request; optional inputs and outputs may be null.</summary>
/// <param name="Model">Recur model file.</param>
/// <param name="Input">x as .npy: [T, B, I], [B, T, I] (batch-first models) or [T, I].</param>
/// <param name="Output">Where to write the output sequence.</param>
/// <param name="H0">Initial hidden state [D*L, B, Hout].</param>
/// <param name="C0">Initial cell state [D*L, B, H] (LSTM).</param>
/// <param name="Lengths">Sequence lengths [B] (int32 or int64).</param>
/// <param name="HN">Where to write the final hidden state.</param>
/// <param name="CN">Where to write the final cell state (LSTM).</param>
public sealed record ModelRunRequest(string Model, string Input, string Output, string? H0 = null, string? C0 = null,
    string? Lengths = null, string? HN = null, string? CN = null);

/// <summary>Runs a saved recurrent model on .npy files.</summary>
public static class ModelRunner
{
    /// <summary>Runs the request and returns the shapes written (output, hN, cN).</summary>
    public static (int[] Output, int[] HN, int[]? CN) Run(ModelRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Two outputs to one path would silently keep only the last; an output over an input would destroy it.
        var outputs = new[] { ("--output", request.Output), ("--hn", request.HN), ("--cn", request.CN) }.Where(o => o.Item2 != null).ToList();
        for (int i = 0; i < outputs.Count; i++)
            for (int j = i + 1; j < outputs.Count; j++)
                if (SamePath(outputs[i].Item2!, outputs[j].Item2!))
                    throw new ArgumentException($"{outputs[i].Item1} and {outputs[j].Item1} name the same file ({outputs[j].Item2}); give each output its own file.");
        foreach (var (option, path) in outputs)
            foreach (var (inOption, inPath) in new[] { ("--model", request.Model), ("--input", request.Input), ("--h0", request.H0), ("--c0", request.C0), ("--lengths", request.Lengths) })
                if (inPath != null && SamePath(path!, inPath))
                    throw new ArgumentException($"{option} names the file {inOption} reads ({path}); write the output elsewhere.");
        var model = ModelFile.Load(request.Model);
        if (request.CN != null && model.Kind != Kernels.CellKind.Lstm)
            throw new ArgumentException($"--cn was given, but the model in {request.Model} is not an LSTM and has no cell state.");
        model.Eval();
        var x = ReadFloat(request.Input, "--input");
        var h0 = request.H0 == null ? null : ReadFloat(request.H0, "--h0");
        var c0 = request.C0 == null ? null : ReadFloat(request.C0, "--c0");
        int[]? lengths = request.Lengths == null ? null : ReadLengths(request.Lengths);
        Tensor output, hN;
        Tensor? cN;
        using (GradMode.NoGrad())
            (output, hN, cN) = model.ForwardStates(x, h0, c0, lengths);
        Npy.Write(request.Output, NdArray.FromTensor(output));
        if (request.HN != null) Npy.Write(request.HN, NdArray.FromTensor(hN));
        if (request.CN != null) Npy.Write(request.CN, NdArray.FromTensor(cN!));
        return (output.ShapeArray, hN.ShapeArray, cN?.ShapeArray);
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static Tensor ReadFloat(string path, string option)
    {
        var a = Npy.Read(path);
        if (a.DType is DType.I32 or DType.I64)
            throw new InvalidDataException($"{option} {path}: expected float32 or float64 values, got {a.DType}.");
        return a.ToTensor();
    }

    private static int[] ReadLengths(string path)
    {
        var a = Npy.Read(path);
        if (a.Rank != 1)
            throw new InvalidDataException($"--lengths {path}: expected a 1-D array of lengths, got shape {Shapes.Format(a.Shape)}.");
        return a.DType switch
        {
            DType.I32 => a.AsInt32(),
            DType.I64 => a.AsInt64().Select(v => v is < int.MinValue or > int.MaxValue
                ? throw new InvalidDataException($"--lengths {path}: length {v} is out of range.") : (int)v).ToArray(),
            _ => throw new InvalidDataException($"--lengths {path}: expected int32 or int64 lengths, got {a.DType}."),
        };
    }
}
