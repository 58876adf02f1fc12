// LanguageModel: a recurrent next-token model: Embedding -> multi-layer RNN/LSTM/GRU (dropout between
// layers) -> Dropout -> Linear to vocabulary logits. Forward takes and returns the recurrent state so
// truncated BPTT can carry it from one window to the next; Save/Load write one task model file.
// Legend: B batch (streams), T time, E embedding, H hidden, L layers, V vocabulary.
using Recur.Kernels;
using Recur.Layers;
using Recur.Tensors;
using Recur.Text;

namespace Recur.Applications.LanguageModeling;

/// <summary>The recurrent state carried between windows: h [L, B, H] and, for an LSTM, c [L, B, H].</summary>
/// <param name="H">Hidden state [L, B, H].</param>
/// <param name="C">Cell state [L, B, H] (LSTM only, else null).</param>
public readonly record struct RecurrentState(Tensor H, Tensor? C)
{
    /// <summary>The same values cut from the autograd graph (backpropagation stops here).</summary>
    public RecurrentState Detach() => new(H.Detach(), C?.Detach());
}

/// <summary>Embedding, recurrent layers and an output projection over a vocabulary.</summary>
public sealed class LanguageModel : Module
{
    private readonly Embedding _embedding;
    private readonly RecurrentLayer _rnn;
    private readonly Dropout _dropout;
    private readonly Linear _head;

    /// <summary>
    /// Builds the model of <paramref name="config"/>; weights come from <paramref name="init"/>, dropout masks
    /// from <paramref name="dropout"/> (both seeded by the caller for reproducible runs).
    /// </summary>
    public LanguageModel(LanguageModelConfig config, Generator init, Generator dropout)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(init);
        ArgumentNullException.ThrowIfNull(dropout);
        if (!(config.Dropout >= 0f && config.Dropout < 1f))
            throw new ArgumentException($"--dropout must lie in [0, 1), got {config.Dropout}.");
        Config = config;
        DropoutGenerator = dropout;
        int v = config.Vocabulary.Count;
        _embedding = RegisterModule("embedding", new Embedding(v, config.Embed, generator: init));
        // The recurrent layer draws its weights from init, then uses its own generator for dropout between layers.
        var rnnGenerator = new Generator(init.NextUInt64());
        RnnDropoutGenerator = rnnGenerator;
        RecurrentLayer rnn = config.Cell switch
        {
            CellKind.Lstm => new Lstm(config.Embed, config.Hidden, config.Layers, batchFirst: true, dropout: config.Dropout, generator: rnnGenerator),
            CellKind.Gru => new Gru(config.Embed, config.Hidden, config.Layers, batchFirst: true, dropout: config.Dropout, generator: rnnGenerator),
            CellKind.RnnRelu => new Rnn(config.Embed, config.Hidden, config.Layers, "relu", batchFirst: true, dropout: config.Dropout, generator: rnnGenerator),
            _ => new Rnn(config.Embed, config.Hidden, config.Layers, "tanh", batchFirst: true, dropout: config.Dropout, generator: rnnGenerator),
        };
        _rnn = RegisterModule("rnn", rnn);
        _dropout = RegisterModule("dropout", new Dropout(config.Dropout, dropout));
        _head = RegisterModule("head", new Linear(config.Hidden, v, generator: init));
    }

    /// <summary>The architecture and vocabulary.</summary>
    public LanguageModelConfig Config { get; }

    /// <summary>The vocabulary (V tokens).</summary>
    public Vocabulary Vocabulary => Config.Vocabulary;

    /// <summary>Draws the dropout mask before the output layer (save it in checkpoints).</summary>
    public Generator DropoutGenerator { get; }

    /// <summary>Draws the recurrent layer's between-layer dropout masks (save it in checkpoints).</summary>
    public Generator RnnDropoutGenerator { get; }

    /// <summary>The embedding table [V, E].</summary>
    public Embedding Embedding => _embedding;

    /// <summary>The recurrent layers (batch-first).</summary>
    public RecurrentLayer Recurrent => _rnn;

    /// <summary>The output projection H -> V.</summary>
    public Linear Head => _head;

    /// <summary>
    /// ids [B, T] (row-major token indices) -> logits [B, T, V] and the state after the last step.
    /// <paramref name="state"/> null starts from zeros.
    /// </summary>
    public (Tensor Logits, RecurrentState State) Forward(int[] ids, int batch, int steps, RecurrentState? state = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (batch <= 0 || steps <= 0 || ids.Length != batch * steps)
            throw new ArgumentException($"LanguageModel: ids must hold B x T = {batch} x {steps} indices, got {ids.Length}.");
        var x = _embedding.Forward(ids, [batch, steps]);
        var (output, hN, cN) = _rnn.ForwardStates(x, state?.H, state?.C);
        output = _dropout.Forward(output);
        return (_head.Forward(output), new RecurrentState(hN, cN));
    }

    /// <summary>ids [B, T] (a float tensor of whole token indices) -> logits [B, T, V] and the state after the last step.</summary>
    public (Tensor Logits, RecurrentState State) Forward(Tensor ids, RecurrentState? state = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Rank != 2) throw new ArgumentException($"LanguageModel: ids must be [B, T], got shape {Shapes.Format(ids.Shape)}.");
        var x = _embedding.Forward(ids);
        var (output, hN, cN) = _rnn.ForwardStates(x, state?.H, state?.C);
        output = _dropout.Forward(output);
        return (_head.Forward(output), new RecurrentState(hN, cN));
    }

    /// <summary>Token indices of <paramref name="text"/>; tokens outside the vocabulary map to its unknown token.</summary>
    public int[] Encode(string text) => Vocabulary.Encode(Config.Tokens.Tokenize(text));

    /// <summary>Writes the model (task "charlm", configuration, weights) atomically to <paramref name="path"/>.</summary>
    public void Save(string path) => TaskModelFile.Save(path, LanguageModelConfig.TaskName, Config.ToJson(), this);

    /// <summary>Reads a model written by <see cref="Save"/>; a model of another task is a clear InvalidDataException.</summary>
    public static LanguageModel Load(string path) => FromTaskModel(TaskModelFile.Load(path));

    /// <summary>Rebuilds the model from a loaded task model file (which must be a "charlm" model).</summary>
    public static LanguageModel FromTaskModel(TaskModel file)
    {
        ArgumentNullException.ThrowIfNull(file);
        file.Expect(LanguageModelConfig.TaskName);
        var model = file.Build(() => new LanguageModel(LanguageModelConfig.FromJson(file.ConfigJson), new Generator(0), new Generator(0)));
        file.LoadInto(model);
        model.Eval();
        return model;
    }
}
