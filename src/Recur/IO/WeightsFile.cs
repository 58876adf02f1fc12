// WeightsFile: any module's parameters in one safetensors file, keyed by their state_dict names (PyTorch's,
// so `model.load_state_dict(safetensors.torch.load_file(path))` reads a file written for the same
// architecture), as Keras' save_weights/load_weights and PyTorch's torch.save(state_dict) do. Writes are
// atomic (temp file, then rename); a load checks every name and shape before it copies anything.
using Recur.Layers;
using Recur.Tensors;

namespace Recur.IO;

/// <summary>Saves and loads the parameters of any <see cref="Module"/> as safetensors.</summary>
public static class WeightsFile
{
    /// <summary>Metadata key naming the module type that wrote the file (informational).</summary>
    public const string ModuleKey = "recur.weights_of";

    /// <summary>
    /// Writes every entry of <paramref name="module"/>'s state_dict to <paramref name="path"/> as float32 (a tied
    /// parameter under each of its names), with the module's printed form in the metadata.
    /// </summary>
    public static void Save(string path, Module module)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(module);
        var tensors = module.StateDict().Select(p => new KeyValuePair<string, NdArray>(p.Key, NdArray.FromTensor(p.Value)));
        SafeTensors.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt", [ModuleKey] = module.ToString() });
    }

    /// <summary>
    /// Copies the tensors of <paramref name="path"/> into <paramref name="module"/>'s parameters (F32 or F64; F64
    /// is rounded to float). Every missing, unexpected or mis-shaped tensor is named in one
    /// <see cref="InvalidDataException"/>, and then no parameter has changed. With <paramref name="strict"/> false,
    /// as in PyTorch, missing and unexpected tensors are skipped; a mis-shaped one is still an error.
    /// </summary>
    public static void Load(string path, Module module, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(module);
        // Not strict, tensors the module does not have are skipped unread, whatever their dtype (a BatchNorm's
        // int64 num_batches_tracked, a half-precision buffer), as PyTorch's load_state_dict skips them.
        var own = strict ? null : module.NamedParameters().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var file = own == null ? SafeTensors.Read(path) : SafeTensors.Read(path, own.Contains);
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, array) in file.Tensors)
        {
            if (array.DType is DType.I32 or DType.I64)
                throw new InvalidDataException($"{path}: tensor '{name}' has integer dtype {array.DType}; weights must be F32 or F64.");
            state[name] = array.ToTensor();
        }
        try
        {
            module.LoadStateDict(state, strict);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: the weights do not fit this {module.GetType().Name}. {e.Message}", e);
        }
    }
}
