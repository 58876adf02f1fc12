// RecurrentLayer: the shared body of Rnn, Lstm and Gru, PyTorch's nn.RNNBase: options, parameters named
// and shaped as PyTorch's state_dict and initialised U(-1/sqrt(H), 1/sqrt(H)) in its flat order, input and
// state validation with PyTorch's wording, batch_first, unbatched input, variable lengths, inter-layer
// dropout. Each layer runs as one fused autograd node (Autograd/Functions/RecurrentLayerFunction).
// Legend: T time, B batch, I input, H hidden, P projection, Hout = P or H, D directions, L layers.
using Recur.Autograd.Functions;
using Recur.Kernels;
using Recur.Tensors;

namespace Recur.Layers;

/// <summary>Base of the multi-layer recurrent sequence layers <see cref="Rnn"/>, <see cref="Lstm"/>, <see cref="Gru"/>.</summary>
public abstract class RecurrentLayer : Module, ILayer
{
    private readonly Tensor[][][] _weights; // [layer][direction][W_ih, W_hh, (b_ih, b_hh), (W_hr)]
    private readonly Generator _generator;

    /// <summary>Creates the layer and its parameters.</summary>
    private protected RecurrentLayer(CellKind kind, int inputSize, int hiddenSize, int numLayers, bool bias,
        bool batchFirst, float dropout, bool bidirectional, int projSize, Generator? generator)
    {
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new ArgumentException($"{kind.TorchClass()}: input_size and hidden_size must be positive, got {inputSize} and {hiddenSize}.");
        if (numLayers <= 0)
            throw new ArgumentException($"{kind.TorchClass()}: num_layers must be greater than or equal to 1, got {numLayers}.");
        // PyTorch takes 1 here; Recur's dropout, like its Dropout layer, stops short of it (all-zero inputs to every layer but the first).
        if (!(dropout >= 0f && dropout < 1f))
            throw new ArgumentException($"dropout should be a number in range [0, 1) representing the probability of an element being zeroed, got {dropout}.");
        if (projSize < 0)
            throw new ArgumentException($"proj_size should be a positive integer or zero to disable projections, got {projSize}.");
        if (projSize >= hiddenSize && projSize > 0)
            throw new ArgumentException($"proj_size has to be smaller than hidden_size, got proj_size={projSize} and hidden_size={hiddenSize}.");
        if (projSize > 0 && kind != CellKind.Lstm)
            throw new ArgumentException("proj_size argument is only supported for LSTM, not RNN or GRU.");
        Kind = kind;
        (InputSize, HiddenSize, NumLayers, Bias, BatchFirst, Dropout, Bidirectional, ProjSize) =
            (inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, projSize);
        _generator = generator ?? new Generator(0);

        double count = new RecurrentConfig
        {
            Kind = kind switch { CellKind.Lstm => "lstm", CellKind.Gru => "gru", _ => "rnn" },
            InputSize = inputSize, HiddenSize = hiddenSize, NumLayers = numLayers, Bias = bias, Bidirectional = bidirectional, ProjSize = projSize,
        }.ParameterCount();
        if (count > Array.MaxLength)
            throw new ArgumentException($"{kind.TorchClass()}: {count:0} parameters are more than one array can hold ({Array.MaxLength}); " +
                "use a smaller hidden_size, input_size or num_layers.");
        int g = kind.GateCount() * hiddenSize, hout = HOut, dirs = Directions;
        _weights = new Tensor[numLayers][][];
        // One flat buffer for all parameters, views in PyTorch's flat order.
        var shapes = new List<(string Name, int[] Shape)>();
        for (int l = 0; l < numLayers; l++)
            for (int d = 0; d < dirs; d++)
            {
                string suffix = $"_l{l}" + (d == 1 ? "_reverse" : "");
                int inSize = l == 0 ? inputSize : dirs * hout;
                shapes.Add(("weight_ih" + suffix, [g, inSize]));
                shapes.Add(("weight_hh" + suffix, [g, hout]));
                if (bias)
                {
                    shapes.Add(("bias_ih" + suffix, [g]));
                    shapes.Add(("bias_hh" + suffix, [g]));
                }
                if (projSize > 0) shapes.Add(("weight_hr" + suffix, [projSize, hiddenSize]));
            }
        long total = shapes.Sum(s => (long)Shapes.Count(s.Shape));
        AllocationBudget.Take(total);
        var storage = new float[total];
        float bound = 1f / MathF.Sqrt(hiddenSize);
        _generator.FillUniform(storage, -bound, bound);
        int offset = 0, perDir = 2 + (bias ? 2 : 0) + (projSize > 0 ? 1 : 0), index = 0;
        for (int l = 0; l < numLayers; l++)
        {
            _weights[l] = new Tensor[dirs][];
            for (int d = 0; d < dirs; d++)
            {
                _weights[l][d] = new Tensor[perDir];
                for (int k = 0; k < perDir; k++)
                {
                    var (name, shape) = shapes[index++];
                    var view = new Tensor(storage, offset, shape);
                    offset += view.Length;
                    _weights[l][d][k] = RegisterParameter(name, view);
                }
            }
        }
    }

    /// <summary>The cell type.</summary>
    public CellKind Kind { get; }

    /// <summary>I: features per input step.</summary>
    public int InputSize { get; }

    /// <summary>H: features of the hidden (and cell) state.</summary>
    public int HiddenSize { get; }

    /// <summary>L: stacked layers.</summary>
    public int NumLayers { get; }

    /// <summary>Whether b_ih and b_hh exist.</summary>
    public bool Bias { get; }

    /// <summary>Input and output are [B, T, features] instead of [T, B, features] (states are unaffected).</summary>
    public bool BatchFirst { get; }

    /// <summary>W_ih, W_hh, then b_ih, b_hh when biased, then W_hr when projecting, of one layer and direction.</summary>
    internal Tensor[] WeightsOf(int layer, int direction) => _weights[layer][direction];

    /// <summary>Dropout probability on each layer's output except the last, in training mode.</summary>
    public float Dropout { get; }

    /// <summary>Whether a reverse direction runs beside the forward one.</summary>
    public bool Bidirectional { get; }

    /// <summary>P: LSTM projection size (0: none).</summary>
    public int ProjSize { get; }

    /// <summary>D: 2 when bidirectional, else 1.</summary>
    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>Size of h and of each direction's output: P when projecting, else H.</summary>
    public int HOut => ProjSize > 0 ? ProjSize : HiddenSize;

    /// <inheritdoc/>
    protected override string ReprName => Kind.TorchClass();

    /// <summary>
    /// PyTorch's settings text, non-defaults only; a ReLU Elman RNN also names its nonlinearity, which PyTorch
    /// 1.13's RNN repr leaves out.
    /// </summary>
    protected override string ExtraRepr()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var sb = new System.Text.StringBuilder(string.Create(inv, $"{InputSize}, {HiddenSize}"));
        if (ProjSize != 0) sb.Append(inv, $", proj_size={ProjSize}");
        if (NumLayers != 1) sb.Append(inv, $", num_layers={NumLayers}");
        if (!Bias) sb.Append(", bias=False");
        if (BatchFirst) sb.Append(", batch_first=True");
        if (Dropout != 0) sb.Append(", dropout=").Append(Repr.Float(Dropout));
        if (Bidirectional) sb.Append(", bidirectional=True");
        if (Kind == CellKind.RnnRelu) sb.Append(", nonlinearity=relu");
        return sb.ToString();
    }

    /// <summary>The output sequence for x with zero initial states (the layer's part in a Sequential).</summary>
    Tensor ILayer.Forward(Tensor x) => Run(x, null, null, null).Output;

    /// <summary>
    /// Runs any recurrent layer with optional states: the cell state <paramref name="c0"/> is for LSTMs only.
    /// Shapes as in <see cref="Lstm.Forward"/>; cN is null except for LSTMs.
    /// </summary>
    public (Tensor Output, Tensor HN, Tensor? CN) ForwardStates(Tensor x, Tensor? h0 = null, Tensor? c0 = null, int[]? lengths = null)
    {
        if (c0 != null && Kind != CellKind.Lstm)
            throw new ArgumentException($"{Kind.TorchClass()}: an initial cell state (c0) was given, but only LSTMs have one.");
        if (Kind == CellKind.Lstm && (h0 == null) != (c0 == null))
            throw new ArgumentException("LSTM: give both h0 and c0, or neither (zeros).");
        return Run(x, h0, c0, lengths);
    }

    /// <summary>
    /// Runs all layers. x [T, B, I] ([B, T, I] with BatchFirst; [T, I] unbatched); h0 [D*L, B, Hout] and
    /// c0 [D*L, B, H] (unbatched: without B), zeros when null; lengths [B] in any order, each in 1..T.
    /// Returns output [T, B, D*Hout] (or batch-first / unbatched), hN like h0 and cN like c0 (LSTM).
    /// </summary>
    private protected (Tensor Output, Tensor HN, Tensor? CN) Run(Tensor x, Tensor? h0, Tensor? c0, int[]? lengths)
    {
        ArgumentNullException.ThrowIfNull(x);
        string mode = Kind.TorchClass();
        if (x.Rank != 2 && x.Rank != 3)
            throw new ArgumentException($"{mode}: Expected input to be 2D or 3D, got {x.Rank}D tensor of shape {Shapes.Format(x.Shape)}.");
        if (x.Size(-1) != InputSize)
            throw new ArgumentException($"{mode}: input.size(-1) must be equal to input_size. Expected {InputSize}, got {x.Size(-1)} (input shape {Shapes.Format(x.Shape)}).");
        var givenShape = x.ShapeArray;
        bool unbatched = x.Rank == 2;
        if (unbatched)
        {
            x = x.Reshape(x.Size(0), 1, InputSize);
            if (h0 != null) h0 = CheckUnbatchedState(h0, "hx", HOut);
            if (c0 != null) c0 = CheckUnbatchedState(c0, "cx", HiddenSize);
        }
        else if (BatchFirst)
        {
            x = x.SwapAxes(0, 1);
        }
        int steps = x.Size(0), batch = x.Size(1), states = Directions * NumLayers;
        if (steps == 0)
            throw new ArgumentException($"{mode}: Expected sequence length to be larger than 0 in RNN (input shape {Shapes.Format(givenShape)}).");
        h0 ??= Tensor.Zeros(states, batch, HOut);
        // PyTorch's names: an LSTM's (h0, c0) is hidden[0] and hidden[1], a GRU's or RNN's h0 is hidden.
        CheckState(h0, Kind == CellKind.Lstm ? "hidden[0]" : "hidden", [states, batch, HOut]);
        if (Kind == CellKind.Lstm)
        {
            c0 ??= Tensor.Zeros(states, batch, HiddenSize);
            CheckState(c0, "hidden[1]", [states, batch, HiddenSize]);
        }
        if (lengths != null) CheckLengths(lengths, steps, batch);

        var hs = new Tensor[NumLayers];
        var cs = new Tensor[NumLayers];
        var layerInput = x;
        for (int l = 0; l < NumLayers; l++)
        {
            var h0l = h0.Slice(0, l * Directions, Directions);
            var c0l = c0?.Slice(0, l * Directions, Directions);
            var (output, hN, cN) = RecurrentLayerFunction.Forward(Kind, layerInput, h0l, c0l, _weights[l],
                HiddenSize, ProjSize, Bias, lengths);
            hs[l] = hN;
            if (cN != null) cs[l] = cN;
            if (l < NumLayers - 1 && Dropout > 0f && Training)
                output = Tensor.Dropout(output, Dropout, _generator);
            layerInput = output;
        }
        var result = layerInput;
        var hOut = NumLayers == 1 ? hs[0] : Tensor.Concat(hs, 0);
        var cOut = Kind != CellKind.Lstm ? null : NumLayers == 1 ? cs[0] : Tensor.Concat(cs, 0);
        if (unbatched)
        {
            result = result.Reshape(steps, Directions * HOut);
            hOut = hOut.Reshape(states, HOut);
            cOut = cOut?.Reshape(states, HiddenSize);
        }
        else if (BatchFirst)
        {
            result = result.SwapAxes(0, 1);
        }
        return (result, hOut, cOut);
    }

    private Tensor CheckUnbatchedState(Tensor state, string name, int size)
    {
        if (state.Rank != 2)
            throw new ArgumentException($"{Kind.TorchClass()}: For unbatched 2-D input, {name} should also be 2-D but got {state.Rank}-D tensor of shape {Shapes.Format(state.Shape)}.");
        return state.Reshape(state.Size(0), 1, state.Size(1));
    }

    private void CheckState(Tensor state, string what, int[] expected)
    {
        if (!state.Shape.SequenceEqual(expected))
            throw new ArgumentException($"{Kind.TorchClass()}: Expected {what} size ({string.Join(", ", expected)}), got {Shapes.Format(state.Shape)}.");
    }

    private void CheckLengths(int[] lengths, int steps, int batch)
    {
        if (lengths.Length != batch)
            throw new ArgumentException($"{Kind.TorchClass()}: Expected lengths to have {batch} entries (one per sequence in the batch), got {lengths.Length}.");
        for (int b = 0; b < batch; b++)
        {
            if (lengths[b] <= 0)
                throw new ArgumentException($"{Kind.TorchClass()}: Length of all samples has to be greater than 0, but found lengths[{b}] = {lengths[b]}.");
            if (lengths[b] > steps)
                throw new ArgumentException($"{Kind.TorchClass()}: lengths[{b}] = {lengths[b]} exceeds the input's {steps} time steps.");
        }
    }
}
