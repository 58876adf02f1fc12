// Checkpointer: writes and restores everything a training run needs to continue exactly: parameters,
// optimizer and schedule state, epoch / batch / step counters and generator states, as one safetensors
// file written atomically (temp file, then rename). Data generators are saved as of the start of the
// current epoch and the batches already trained on are replayed (without training) on resume, so a
// resumed run sees the same batches in the same order as an uninterrupted one. Model-side generators
// (dropout) are saved as they are at the moment of the checkpoint.
using System.Text.Json;
using Recur.IO;
using Recur.Layers;
using Recur.Optim;
using Recur.Tensors;

namespace Recur.Training;

/// <summary>Saves and resumes training state.</summary>
public sealed class Checkpointer
{
    private const string StateKey = "recur.checkpoint";
    private readonly Module _model;
    private readonly LrScheduler? _scheduler;
    private Dictionary<string, ulong[]> _epochStart = [];
    private readonly Optimizer _optimizer;

    /// <summary>Checkpoints of <paramref name="model"/> and its optimizer (and schedule) at <paramref name="path"/>.</summary>
    public Checkpointer(string path, Module model, Optimizer optimizer, LrScheduler? scheduler = null)
    {
        Path = path ?? throw new ArgumentNullException(nameof(path));
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        _scheduler = scheduler;
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }

    /// <summary>Generators that produce or shuffle the data (saved as of each epoch's start).</summary>
    public Dictionary<string, Generator> DataGenerators { get; } = [];

    /// <summary>Generators inside the model, e.g. dropout (saved as they are).</summary>
    public Dictionary<string, Generator> ModelGenerators { get; } = [];

    /// <summary>
    /// State of the training step itself, outside the model (e.g. the recurrent state a truncated-BPTT loop
    /// carries from one window to the next): called at each save for named arrays, stored under "extra/".
    /// </summary>
    public Func<IEnumerable<KeyValuePair<string, NdArray>>>? SaveExtraState { get; set; }

    /// <summary>Called on resume with the arrays <see cref="SaveExtraState"/> gave (without the prefix).</summary>
    public Action<IReadOnlyDictionary<string, NdArray>>? RestoreExtraState { get; set; }

    /// <summary>Extra string metadata stored with the checkpoint (e.g. the task's settings).</summary>
    public Dictionary<string, string> Metadata { get; } = [];

    /// <summary>
    /// Settings a resumed run must share with the checkpoint to continue exactly (option name, e.g. "--lr", to its
    /// value as text). They are saved with it; <see cref="TryResume"/> refuses a run whose settings differ,
    /// naming each, rather than continuing silently with the checkpoint's (or a mix).
    /// </summary>
    public Dictionary<string, string> Settings { get; } = [];

    private const string SettingPrefix = "recur.setting.";

    /// <summary>Batches of the current epoch to replay without training (set by <see cref="TryResume"/>).</summary>
    public int BatchesToSkip { get; internal set; }

    /// <summary>Batches trained in the current epoch.</summary>
    public int BatchesDone { get; internal set; }

    /// <summary>Checkpoints written by this instance.</summary>
    public int Saves { get; private set; }

    /// <summary>Whether <see cref="TryResume"/> restored a checkpoint (so the file holds a good state of this run).</summary>
    public bool Resumed { get; private set; }

    internal void EpochStarting(TrainingContext ctx)
    {
        _epochStart = DataGenerators.ToDictionary(g => g.Key, g => g.Value.GetState());
        BatchesDone = BatchesToSkip;
    }

    /// <summary>Writes the checkpoint: after a complete epoch it points at the next one.</summary>
    public void Save(TrainingContext ctx, bool epochComplete)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var tensors = Tensors(dataAsOfEpochStart: !epochComplete);
        var state = new CheckpointState(epochComplete ? ctx.Epoch + 1 : ctx.Epoch, epochComplete ? 0 : BatchesDone, ctx.Step, ctx.Samples,
            epochComplete ? 0 : ctx.EpochLossSum, epochComplete ? 0 : ctx.EpochSamples);
        var metadata = new Dictionary<string, string>(Metadata) { [StateKey] = JsonSerializer.Serialize(state) };
        foreach (var (name, value) in Settings) metadata[SettingPrefix + name] = value;
        SafeTensors.Write(Path, tensors, metadata);
        if (epochComplete) BatchesToSkip = 0;
        Saves++;
    }

    /// <summary>Everything restored on resume, as named arrays (data generators as of the epoch's start when asked).</summary>
    private List<KeyValuePair<string, NdArray>> Tensors(bool dataAsOfEpochStart)
    {
        var tensors = new List<KeyValuePair<string, NdArray>>();
        foreach (var (name, p) in _model.NamedParameters())
            tensors.Add(new("model/" + name, NdArray.FromTensor(p)));
        foreach (var (name, a) in _optimizer.StateDict())
            tensors.Add(new("optim/" + name, a));
        if (_scheduler != null)
            foreach (var (name, a) in _scheduler.StateDict())
                tensors.Add(new("sched/" + name, a));
        foreach (var (name, g) in DataGenerators)
            tensors.Add(new("rng/data/" + name, State(dataAsOfEpochStart ? _epochStart.GetValueOrDefault(name, g.GetState()) : g.GetState())));
        if (SaveExtraState != null)
            foreach (var (name, a) in SaveExtraState())
                tensors.Add(new("extra/" + name, a));
        foreach (var (name, g) in ModelGenerators)
            tensors.Add(new("rng/model/" + name, State(g.GetState())));
        return tensors;
    }

    /// <summary>
    /// Restores the checkpoint into the model, optimizer, schedule, generators and <paramref name="ctx"/> when
    /// the file exists; returns false otherwise. A file for another model, or a damaged one, is an
    /// InvalidDataException naming the file, and then nothing has changed: a restore that fails part-way is
    /// undone.
    /// </summary>
    public bool TryResume(TrainingContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (!File.Exists(Path)) return false;
        var file = SafeTensors.Read(Path);
        if (!file.Metadata.TryGetValue(StateKey, out var json))
            throw new InvalidDataException($"{Path} is not a Recur training checkpoint (no '{StateKey}' metadata).");
        var changed = new List<string>();
        foreach (var (name, value) in Settings)
            if (file.Metadata.TryGetValue(SettingPrefix + name, out var saved) && saved != value)
                changed.Add($"{name} {saved} (this run: {value})");
        if (changed.Count > 0)
            throw new ArgumentException($"--resume: {Path} was made with {string.Join(", ", changed)}; resume with the same settings, " +
                "or start afresh without --resume.");
        CheckpointState? state;
        try
        {
            state = JsonSerializer.Deserialize<CheckpointState>(json, s_state);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path}: the checkpoint's '{StateKey}' metadata is not a valid training state ({e.Message}).");
        }
        if (state is null || state.Epoch < 0 || state.Batch < 0 || state.Step < 0 || state.Samples < 0 || state.EpochSamples < 0
            || !double.IsFinite(state.EpochLossSum))
            throw new InvalidDataException($"{Path}: the checkpoint's training state {json} is damaged (its counters must be present and not negative).");
        foreach (var (name, a) in file.Tensors)
            if (name.StartsWith("model/", StringComparison.Ordinal) && a.DType is DType.I32 or DType.I64)
                throw new InvalidDataException($"{Path}: tensor '{name}' has integer dtype {a.DType}; weights must be F32 or F64.");
        // A mismatch can surface in any part (the model's tensors, the optimizer's, a generator's): keep what is
        // live now and put it back if any part fails, so that a failed resume leaves the run as it was.
        var undo = SafeTensors.Read(Serialize(Tensors(dataAsOfEpochStart: false)));
        try
        {
            Restore(file);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or InvalidDataException or OverflowException
                                       or IndexOutOfRangeException or FormatException)
        {
            Restore(undo);
            throw new InvalidDataException($"{Path} does not match this training run (different model or options?) or is damaged: {e.Message}");
        }
        ctx.Epoch = state.Epoch;
        ctx.Step = state.Step;
        ctx.Samples = state.Samples;
        BatchesToSkip = state.Batch;
        // The resumed epoch's loss goes on from the batches trained before the checkpoint (files from before
        // these fields have none: the epoch's loss then covers the batches after the resume).
        ctx.EpochLossSum = state.Batch > 0 ? state.EpochLossSum : 0;
        ctx.EpochSamples = state.Batch > 0 ? state.EpochSamples : 0;
        Resumed = true;
        return true;
    }

    private static byte[] Serialize(List<KeyValuePair<string, NdArray>> tensors)
    {
        using var ms = new MemoryStream();
        SafeTensors.Write(ms, tensors);
        return ms.ToArray();
    }

    /// <summary>Loads every part from <paramref name="file"/>; throws ArgumentException (or InvalidOperationException for a wrong dtype) on a mismatch.</summary>
    private void Restore(SafeTensorsFile file)
    {
        var weights = new Dictionary<string, Tensor>();
        var optim = new Dictionary<string, NdArray>();
        var sched = new Dictionary<string, NdArray>();
        foreach (var (name, a) in file.Tensors)
        {
            if (name.StartsWith("model/", StringComparison.Ordinal)) weights[name[6..]] = a.ToTensor();
            else if (name.StartsWith("optim/", StringComparison.Ordinal)) optim[name[6..]] = a;
            else if (name.StartsWith("sched/", StringComparison.Ordinal)) sched[name[6..]] = a;
        }
        _model.LoadStateDict(weights);
        _optimizer.LoadStateDict(optim);
        _scheduler?.LoadStateDict(sched);
        Restore(file, "rng/data/", DataGenerators);
        Restore(file, "rng/model/", ModelGenerators);
        RestoreExtraState?.Invoke(file.Tensors.Where(t => t.Key.StartsWith("extra/", StringComparison.Ordinal))
            .ToDictionary(t => t.Key[6..], t => t.Value));
    }

    private static void Restore(SafeTensorsFile file, string prefix, Dictionary<string, Generator> generators)
    {
        foreach (var (name, g) in generators)
        {
            if (!file.TryGetValue(prefix + name, out var a))
                throw new ArgumentException($"the checkpoint has no generator state '{prefix + name}'");
            g.SetState(a.AsInt64().Select(v => unchecked((ulong)v)).ToArray());
        }
    }

    private static NdArray State(ulong[] s) => NdArray.FromInt64(s.Select(v => unchecked((long)v)).ToArray(), [s.Length]);

    // Every counter must be present: {} is a damaged state, not epoch 0.
    private static readonly JsonSerializerOptions s_state = new() { RespectRequiredConstructorParameters = true };

    private sealed record CheckpointState(int Epoch, int Batch, long Step, long Samples, double EpochLossSum = 0, long EpochSamples = 0);
}
