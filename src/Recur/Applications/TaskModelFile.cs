// TaskModelFile: the file an application writes (a character LM, a classifier, a forecaster, ...): a
// safetensors file whose tensors are the model's state_dict and whose __metadata__ names the task
// ("recur.task") and holds everything else the task needs to rebuild and use the model (vocabulary,
// normalisation, hyper-parameters) as JSON under "recur.task_config". One file is the whole model.
using Recur.IO;
using Recur.Layers;
using Recur.Tensors;

namespace Recur.Applications;

/// <summary>A trained application model read from disk: its task, its configuration JSON and its weights.</summary>
/// <param name="Path">The file it was read from (for error messages).</param>
/// <param name="Task">The task name, e.g. "charlm", "classify", "forecast".</param>
/// <param name="ConfigJson">The task's configuration as JSON.</param>
/// <param name="State">The state_dict: parameter name to tensor.</param>
public sealed record TaskModel(string Path, string Task, string ConfigJson, IReadOnlyDictionary<string, Tensor> State)
{
    /// <summary>
    /// Fills <paramref name="module"/> from <see cref="State"/>; every missing, unexpected or mis-shaped
    /// tensor is named in one <see cref="InvalidDataException"/>.
    /// </summary>
    public void LoadInto(Module module)
    {
        try
        {
            module.LoadStateDict(State);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{Path}: the tensors do not fit the model. {e.Message}");
        }
    }

    /// <summary>
    /// Runs <paramref name="build"/> (parsing the configuration and constructing the network) and turns what
    /// an edited or damaged configuration makes it throw (out-of-range sizes, unknown names, sizes too large
    /// to allocate) into an <see cref="InvalidDataException"/> that names this file.
    /// </summary>
    public T Build<T>(Func<T> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        // The network may allocate about what the file holds (twice that, and a million values, of slack); a
        // configuration that asks for more is refused before its parameters are allocated.
        long held = State.Values.Sum(t => (long)t.Length);
        using var budget = AllocationBudget.Limit(2 * held + 1_000_000);
        try
        {
            return build();
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(Path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{Path}: {e.Message}", e);
        }
        catch (Exception e) when (e is ArgumentException or OverflowException or OutOfMemoryException)
        {
            throw new InvalidDataException($"{Path}: the '{Task}' configuration does not describe a model that can be built: {e.Message}", e);
        }
    }

    /// <summary>Throws a clear error unless this model was trained for <paramref name="expected"/>.</summary>
    public TaskModel Expect(string expected)
    {
        if (Task != expected)
            throw new InvalidDataException(
                $"{Path} is a '{Task}' model, not a '{expected}' model. Use it with the '{Task}' commands " +
                $"(e.g. `recur eval --model {Path}`), or train a '{expected}' model first.");
        return this;
    }
}

/// <summary>Saves and loads application models (<see cref="TaskModel"/>).</summary>
public static class TaskModelFile
{
    /// <summary>Metadata key of the task name.</summary>
    public const string TaskKey = "recur.task";

    /// <summary>Metadata key of the task configuration JSON.</summary>
    public const string TaskConfigKey = "recur.task_config";

    /// <summary>Writes the model atomically (temp file, then rename).</summary>
    /// <param name="path">Destination .safetensors file.</param>
    /// <param name="task">Task name stored under <see cref="TaskKey"/>.</param>
    /// <param name="configJson">Configuration stored under <see cref="TaskConfigKey"/>.</param>
    /// <param name="model">The module whose state_dict is written.</param>
    public static void Save(string path, string task, string configJson, Module model)
    {
        ArgumentException.ThrowIfNullOrEmpty(task);
        var tensors = model.StateDict().Select(p => new KeyValuePair<string, NdArray>(p.Key, NdArray.FromTensor(p.Value)));
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            [TaskKey] = task,
            [TaskConfigKey] = configJson,
        };
        SafeTensors.Write(path, tensors, metadata);
    }

    /// <summary>Reads a model written by <see cref="Save"/>; errors name the file and the problem.</summary>
    public static TaskModel Load(string path)
    {
        InputFile.Require(path, "model file");
        var file = SafeTensors.Read(path);
        if (!file.Metadata.TryGetValue(TaskKey, out var task) || !file.Metadata.TryGetValue(TaskConfigKey, out var json))
        {
            string what = !file.Metadata.TryGetValue(ModelFile.ModelKey, out var type) ? "not a Recur application model"
                : type == "recurrent" ? "a bare Recur layer (use `recur run` with it)"
                : $"a '{type}' model from `recur train {type}`, which no command reads (load its tensors with the library: SafeTensors.Read, then LoadStateDict)";
            throw new InvalidDataException($"{path} is {what}: it has no '{TaskKey}' metadata.");
        }
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, array) in file.Tensors)
        {
            if (array.DType is DType.I32 or DType.I64)
                throw new InvalidDataException($"{path}: tensor '{name}' has integer dtype {array.DType}; weights must be F32 or F64.");
            state[name] = array.ToTensor();
        }
        return new TaskModel(path, task, json, state);
    }
}
