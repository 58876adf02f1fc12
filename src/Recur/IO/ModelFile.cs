// ModelFile: Recur's model file: a safetensors file whose tensors are the model's state_dict (PyTorch
// names and shapes, float32, so torch can load them as a state_dict) and whose __metadata__ holds the
// configuration as JSON under "recur.config" beside "recur.model" (the model type). The file alone
// rebuilds the model. Also imports a PyTorch state_dict saved as safetensors, checking every name and shape.
using Recur.Layers;
using Recur.Tensors;

namespace Recur.IO;

/// <summary>Saves and loads Recur model files; imports PyTorch state_dicts.</summary>
public static class ModelFile
{
    /// <summary>Metadata key of the model type.</summary>
    public const string ModelKey = "recur.model";

    /// <summary>Metadata key of the configuration JSON.</summary>
    public const string ConfigKey = "recur.config";

    private const string RecurrentType = "recurrent";

    /// <summary>Writes <paramref name="layer"/> to <paramref name="path"/> (atomically: temp file, then rename).</summary>
    public static void Save(string path, RecurrentLayer layer)
    {
        var tensors = layer.NamedParameters().Select(p => new KeyValuePair<string, NdArray>(p.Key, NdArray.FromTensor(p.Value)));
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            [ModelKey] = RecurrentType,
            [ConfigKey] = RecurrentConfig.From(layer).ToJson(),
        };
        SafeTensors.Write(path, tensors, metadata);
    }

    /// <summary>Loads a model written by <see cref="Save"/>; errors name the file and the problem.</summary>
    public static RecurrentLayer Load(string path)
    {
        var file = SafeTensors.Read(path);
        if (!file.Metadata.TryGetValue(ConfigKey, out var json) || !file.Metadata.TryGetValue(ModelKey, out var type))
        {
            // Other Recur files say what they are; only a file with none of these marks is a foreign state_dict.
            var m = file.Metadata;
            throw new InvalidDataException(
                m.TryGetValue("recur.task", out var task) ? $"{path} is a Recur '{Text.ControlChars.Escape(task)}' application model, not a recurrent layer; use it with the {Text.ControlChars.Escape(task)} commands (e.g. `recur eval --model`), and `recur info` shows what it holds."
                : m.ContainsKey("recur.checkpoint") ? $"{path} is a Recur training checkpoint, not a model; resume from it with `--resume`, or use the model the run wrote with --out."
                : m.TryGetValue(WeightsFile.ModuleKey, out var of) ? $"{path} holds the weights of a {Text.ControlChars.Escape(of.Length > 80 ? of[..80] + "..." : of)} (WeightsFile.Save), not a recurrent layer file; load it with WeightsFile.Load into that module."
                : m.ContainsKey("recur.best") ? $"{path} holds a module's best-epoch weights (the BestCheckpoint callback), not a recurrent layer file; load them with WeightsFile.Load into the same architecture."
                : $"{path} is a safetensors file but not a Recur model (no '{ConfigKey}' metadata). To use a PyTorch " +
                  "state_dict, convert it first with `recur import torch`.");
        }
        if (type != RecurrentType)
            throw new InvalidDataException($"{path} holds a Recur '{Text.ControlChars.Escape(type)}' model (from `recur train {Text.ControlChars.Escape(type)}`), not a recurrent layer; " +
                "this reads the layer files that `recur import torch` and ModelFile.Save write.");
        RecurrentConfig config;
        RecurrentLayer layer;
        try
        {
            config = RecurrentConfig.FromJson(json);
            CheckSize(config, file, "the file is damaged or its configuration was edited");
            layer = config.Create();
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException)
        {
            throw new InvalidDataException($"{path}: invalid model configuration: {e.Message}");
        }
        LoadWeights(layer, file, path);
        return layer;
    }

    /// <summary>
    /// Builds the layer <paramref name="config"/> describes and fills it from a PyTorch state_dict saved as
    /// safetensors. Every missing, unexpected and mis-shaped tensor is named in one error.
    /// </summary>
    public static RecurrentLayer ImportTorch(RecurrentConfig config, string weightsPath)
    {
        ArgumentNullException.ThrowIfNull(config);
        var file = SafeTensors.Read(weightsPath);
        try
        {
            CheckSize(config, file, "check the sizes given for the model");
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{weightsPath}: {e.Message}");
        }
        var layer = config.Create();
        LoadWeights(layer, file, weightsPath);
        return layer;
    }

    /// <summary>
    /// Refuses a model far larger than the file's values before it is allocated: a damaged or edited
    /// configuration (or mistyped sizes) could otherwise allocate gigabytes before the tensors are compared
    /// with it. A near miss (a tensor or two missing) is built and gets LoadWeights' per-tensor list.
    /// </summary>
    private static void CheckSize(RecurrentConfig config, SafeTensorsFile file, string hint)
    {
        long held = file.Tensors.Sum(t => (long)t.Value.Length);
        double declared = config.ParameterCount();
        if (declared > Math.Max(2.0 * held, held + (1 << 24)))
            throw new InvalidDataException($"the model described has {declared:0} parameters but the file holds only {held} values ({hint})");
    }

    private static void LoadWeights(Module module, SafeTensorsFile file, string path)
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, array) in file.Tensors)
        {
            if (array.DType is DType.I32 or DType.I64)
                throw new InvalidDataException($"{path}: tensor '{name}' has integer dtype {array.DType}; weights must be F32 or F64.");
            state[name] = array.ToTensor();
        }
        try
        {
            module.LoadStateDict(state);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: the tensors do not fit the model. {e.Message}");
        }
    }
}
