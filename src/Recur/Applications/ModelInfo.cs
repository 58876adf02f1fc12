// ModelInfo: what a safetensors file holds, for `recur info`: its tensors (name, dtype, shape), their value
// count and the metadata, all from the header alone (so every dtype lists, F16 and BF16 included); what kind of
// Recur file it is (a layer model, an application model of some task, a training checkpoint, a module's
// weights, or plain safetensors such as a PyTorch state_dict); and, for models Recur can rebuild, the network
// as PyTorch would print it. A model that fails to rebuild still shows its tensors and metadata, with the
// reason it does not load.
using System.Globalization;
using System.Text;
using System.Text.Json;
using Recur.Applications.Classification;
using Recur.Applications.Forecasting;
using Recur.Applications.LanguageModeling;
using Recur.Applications.Speech;
using Recur.Applications.Tagging;
using Recur.Applications.Translation;
using Recur.IO;
using Recur.Layers;
using Recur.Text;

namespace Recur.Applications;

/// <summary>The contents of a safetensors file as <c>recur info</c> prints them.</summary>
/// <param name="Path">The file.</param>
/// <param name="Bytes">Its size on disk.</param>
/// <param name="Kind">"layer", "task", "checkpoint", "weights", "other Recur model" or "safetensors".</param>
/// <param name="Task">The application task (charlm, classify, ...) of a task model, else null.</param>
/// <param name="Architecture">The rebuilt network's <see cref="Module.ToString"/>, or null.</param>
/// <param name="LoadError">Why the model could not be rebuilt, or null.</param>
/// <param name="Tensors">The tensors in file order.</param>
/// <param name="Metadata">The __metadata__ entries.</param>
public sealed record ModelInfo(string Path, long Bytes, string Kind, string? Task, string? Architecture, string? LoadError,
    IReadOnlyList<SafeTensorsEntry> Tensors, IReadOnlyDictionary<string, string> Metadata)
{
    private const string CheckpointKey = "recur.checkpoint";

    /// <summary>Metadata of the best-epoch weights the BestCheckpoint callback writes.</summary>
    private const string BestKey = "recur.best";

    /// <summary>Elements over all tensors.</summary>
    public long Values => Tensors.Sum(t => t.Values);

    /// <summary>Reads <paramref name="path"/>; a file that is not safetensors is an <see cref="InvalidDataException"/>.</summary>
    public static ModelInfo Read(string path)
    {
        InputFile.Require(path, "model file");
        // The header and the network are read separately: a pipe (<(cat m.safetensors)) can be read only once,
        // so it is copied to a temporary file first, and messages name the path given.
        string? copy = null;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            if (!stream.CanSeek)
            {
                copy = System.IO.Path.GetTempFileName();
                try
                {
                    using var target = File.Create(copy);
                    stream.CopyTo(target);
                }
                catch
                {
                    File.Delete(copy);
                    throw;
                }
            }
        }
        if (copy == null) return ReadFile(path, path);
        try
        {
            return ReadFile(copy, path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException(e.Message.Replace(copy, path, StringComparison.Ordinal), e);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    private static ModelInfo ReadFile(string file, string path)
    {
        var header = SafeTensors.ReadHeader(file);
        var tensors = header.Tensors;
        var meta = header.Metadata;
        string? task = meta.TryGetValue(TaskModelFile.TaskKey, out var t) ? t : null;
        string kind = meta.ContainsKey(CheckpointKey) ? "checkpoint"
            : task != null ? "task"
            : meta.ContainsKey(WeightsFile.ModuleKey) || meta.ContainsKey(BestKey) ? "weights"
            : meta.TryGetValue(ModelFile.ModelKey, out var type) ? type == "recurrent" ? "layer" : "other Recur model"
            : "safetensors";
        string? architecture = null, error = null;
        try
        {
            // A weights file records the module it was written from; the others are rebuilt to print them.
            architecture = kind == "weights" ? meta.GetValueOrDefault(WeightsFile.ModuleKey) : Network(file, kind, task)?.ToString();
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or JsonException)
        {
            error = e.Message.Replace(file, path, StringComparison.Ordinal);
        }
        return new ModelInfo(path, header.Bytes, kind, task, architecture, error, tensors, meta);
    }

    /// <summary>The application tasks whose models <see cref="Read"/> rebuilds.</summary>
    private static readonly string[] KnownTasks =
        [LanguageModelConfig.TaskName, TextClassifier.TaskName, Forecaster.Task, SpeechRecognizer.TaskName, Tagger.TaskName, TranslationConfig.TaskName];

    private static Module? Network(string path, string kind, string? task)
    {
        if (kind == "layer") return ModelFile.Load(path);
        if (kind != "task") return null;
        var model = TaskModelFile.Load(path);
        return task switch
        {
            LanguageModelConfig.TaskName => LanguageModel.FromTaskModel(model),
            TextClassifier.TaskName => TextClassifier.FromTaskModel(model).Network,
            Forecaster.Task => Forecaster.FromTaskModel(model).Network,
            SpeechRecognizer.TaskName => SpeechRecognizer.FromTaskModel(model).Model,
            Tagger.TaskName => Tagger.FromTaskModel(model).Network,
            TranslationConfig.TaskName => Translator.FromTaskModel(model).Model,
            _ => null,
        };
    }

    /// <summary>
    /// A report for people; metadata values longer than <paramref name="maxValueChars"/> are cut short. Control
    /// characters in names, keys and values (line breaks, terminal escapes) print as \n or \uXXXX, so a file
    /// cannot forge lines of the report.
    /// </summary>
    public string ToText(int maxValueChars = 160)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValueChars);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"{Path}: {Counted.Of(Bytes, "byte", format: "N0")}, {Counted.Of(Tensors.Count, "tensor", format: "N0")}, {Counted.Of(Values, "value", format: "N0")}\n");
        sb.Append("kind: ").Append(Kind switch
        {
            "layer" => "a Recur recurrent layer (recur run, ModelFile.Load)",
            "task" when KnownTasks.Contains(Task!) => $"a Recur '{Task}' model (recur eval, and the {Task} commands)",
            "task" => $"a Recur application model of an unknown task '{Printable(Task!)}' (known: {string.Join(", ", KnownTasks)})",
            "checkpoint" => "a Recur training checkpoint (--resume)",
            "weights" => Metadata.ContainsKey(BestKey)
                ? "a module's best-epoch weights (the BestCheckpoint callback; load them with WeightsFile.Load into the same architecture)"
                : "a module's weights (WeightsFile.Save; load them with WeightsFile.Load into the same architecture)",
            "other Recur model" => $"a Recur '{Printable(Metadata[ModelFile.ModelKey])}' model",
            _ => "plain safetensors (no Recur metadata; a PyTorch state_dict imports with `recur import torch`)",
        }).Append('\n');
        // The network may span lines (each indented, so it cannot forge a report line); nothing else from the file may.
        if (Architecture != null) sb.Append("network:\n  ").Append(Text.ControlChars.Escape(Architecture, keepNewLines: true).Replace("\n", "\n  ", StringComparison.Ordinal)).Append('\n');
        if (LoadError != null) sb.Append("network: cannot be rebuilt: ").Append(Printable(LoadError)).Append('\n');
        if (Metadata.Count > 0)
        {
            sb.Append("metadata:\n");
            foreach (var (key, value) in Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                // One line per entry (the JSON form keeps the value as it is).
                string flat = Printable(value);
                int cut = maxValueChars > 0 && maxValueChars < flat.Length && char.IsHighSurrogate(flat[maxValueChars - 1]) ? maxValueChars - 1 : maxValueChars;
                string shown = flat.Length <= maxValueChars ? flat : string.Concat(flat.AsSpan(0, cut), $"... ({value.Length:N0} characters)");
                sb.Append(inv, $"  {Printable(key)}: {shown}\n");
            }
        }
        sb.Append("tensors:\n");
        var names = Tensors.Select(t => Printable(t.Name)).ToList();
        int width = names.Count == 0 ? 0 : names.Max(n => n.Length);
        int dtypeWidth = Tensors.Count == 0 ? 0 : Tensors.Max(t => t.DType.Length);
        for (int i = 0; i < Tensors.Count; i++)
            sb.Append(inv, $"  {names[i].PadRight(width)}  {Tensors[i].DType.PadRight(dtypeWidth)}  {Recur.Tensors.Shapes.Format(Tensors[i].Shape)}\n");
        return sb.ToString().TrimEnd('\n');
    }

    private static string Printable(string text) => Text.ControlChars.Escape(text);

    /// <summary>One JSON object: file, bytes, kind, task, values, network, load_error, metadata, tensors.</summary>
    public string ToJson() => JsonLine.Object(w =>
    {
        w.WriteString("file", Path);
        w.WriteNumber("bytes", Bytes);
        w.WriteString("kind", Kind);
        w.WriteString("task", Task);
        w.WriteNumber("values", Values);
        w.WriteString("network", Architecture);
        w.WriteString("load_error", LoadError);
        w.WriteStartObject("metadata");
        foreach (var (key, value) in Metadata.OrderBy(m => m.Key, StringComparer.Ordinal)) w.WriteString(key, value);
        w.WriteEndObject();
        w.WriteStartArray("tensors");
        foreach (var tensor in Tensors)
        {
            w.WriteStartObject();
            w.WriteString("name", tensor.Name);
            w.WriteString("dtype", tensor.DType);
            w.WriteStartArray("shape");
            foreach (int d in tensor.Shape) w.WriteNumberValue(d);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });
}
