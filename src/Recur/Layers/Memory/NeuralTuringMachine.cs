// NeuralTuringMachine: a recurrent network with an external memory (Graves, Wayne and Danihelka 2014): an LSTM
// controller reads the input beside the vector read at the previous step, and drives one read head and one
// write head over a memory of N slots of width M. Each head emits a key, a key strength, an interpolation gate,
// shift weights over -1, 0, +1 and a sharpening exponent (NtmAddressing turns them into a weighting over the
// slots); the write head also emits an erase vector (sigmoid) and an add vector (tanh), and writes
//   M <- M * (1 - w e^T) + w a^T.
// Per step: controller, read (on the memory before this step's write), write, then the output
// Linear([h | r]). The read and write weightings start on slot 0 and the memory at 1e-6 everywhere (a one-hot
// start breaks the symmetry between slots that a uniform one would keep forever); the read vector and the
// controller's states start at zero. Parameter names: controller.* (an LSTMCell's), read_head.*, write_head.*,
// output.*. Legend: B batch, T steps, I input, O output, H controller size, N slots, M slot width.
using Recur.Tensors;

namespace Recur.Layers.Memory;

/// <summary>A Neural Turing Machine: an LSTM controller with one read and one write head over an external memory.</summary>
public sealed class NeuralTuringMachine : Module
{
    /// <summary>The value every memory entry starts at.</summary>
    public const float InitialMemory = 1e-6f;

    private readonly LstmCell _controller;
    private readonly Linear _readHead, _writeHead, _output;

    /// <summary>
    /// Creates the machine: input size I, output size O, controller size H, N memory slots of width M. The read
    /// head's Linear emits M + 6 values (key, strength, gate, three shift logits, sharpening), the write head's
    /// 3M + 6 (the same, then erase and add), the output Linear reads [h | r] (H + M).
    /// </summary>
    public NeuralTuringMachine(int inputSize, int outputSize, int controllerSize = 100, int memorySlots = 128, int memoryWidth = 20,
        Generator? generator = null)
    {
        if (inputSize < 1 || outputSize < 1 || controllerSize < 1 || memorySlots < 1 || memoryWidth < 1)
            throw new ArgumentException(
                $"NeuralTuringMachine: sizes must be positive, got input {inputSize}, output {outputSize}, controller {controllerSize}, {memorySlots} slots of width {memoryWidth}.");
        (InputSize, OutputSize, ControllerSize, MemorySlots, MemoryWidth) = (inputSize, outputSize, controllerSize, memorySlots, memoryWidth);
        _controller = RegisterModule("controller", new LstmCell(inputSize + memoryWidth, controllerSize, generator: generator));
        _readHead = RegisterModule("read_head", new Linear(controllerSize, memoryWidth + 6, generator: generator));
        _writeHead = RegisterModule("write_head", new Linear(controllerSize, 3 * memoryWidth + 6, generator: generator));
        _output = RegisterModule("output", new Linear(controllerSize + memoryWidth, outputSize, generator: generator));
    }

    /// <summary>I.</summary>
    public int InputSize { get; }

    /// <summary>O.</summary>
    public int OutputSize { get; }

    /// <summary>H.</summary>
    public int ControllerSize { get; }

    /// <summary>N.</summary>
    public int MemorySlots { get; }

    /// <summary>M.</summary>
    public int MemoryWidth { get; }

    /// <summary>The state before the first step for <paramref name="batch"/> sequences.</summary>
    public NtmState InitialState(int batch)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "NeuralTuringMachine: batch must be at least 1.");
        int n = MemorySlots, m = MemoryWidth;
        Tensor OnSlotZero()
        {
            var w = Tensor.Zeros(batch, n);
            for (int b = 0; b < batch; b++) w.SetValue(1f, b, 0);
            return w;
        }
        return new NtmState(Tensor.Full(InitialMemory, batch, n, m), Tensor.Zeros(batch, m), OnSlotZero(), OnSlotZero(),
            Tensor.Zeros(batch, ControllerSize), Tensor.Zeros(batch, ControllerSize));
    }

    /// <summary>One step: x [B, I] and the state -> the output [B, O] and the next state.</summary>
    public (Tensor Output, NtmState State) Step(Tensor x, NtmState state)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(state);
        if (x.Rank != 2 || x.Size(1) != InputSize)
            throw new ArgumentException($"NeuralTuringMachine: expected an input step [B, {InputSize}], got {Shapes.Format(x.Shape)}.");
        int b = x.Size(0), n = MemorySlots, m = MemoryWidth;
        CheckState("memory", state.Memory, [b, n, m]);
        CheckState("read vector", state.Read, [b, m]);
        CheckState("read weights", state.ReadWeights, [b, n]);
        CheckState("write weights", state.WriteWeights, [b, n]);
        CheckState("controller's h", state.H, [b, ControllerSize]);
        CheckState("controller's c", state.C, [b, ControllerSize]);
        var (h, c) = _controller.Forward(Tensor.Concat([x, state.Read], 1), (state.H, state.C));
        var readWeights = Head(_readHead.Forward(h), state.Memory, state.ReadWeights);
        var read = readWeights.Reshape(b, 1, n).MatMul(state.Memory).Reshape(b, m);
        var wp = _writeHead.Forward(h);
        var writeWeights = Head(wp, state.Memory, state.WriteWeights);
        var erase = wp.Slice(1, m + 6, m).Sigmoid().Reshape(b, 1, m);
        var add = wp.Slice(1, 2 * m + 6, m).Tanh().Reshape(b, 1, m);
        var column = writeWeights.Reshape(b, n, 1);
        var memory = state.Memory * (1f - column.MatMul(erase)) + column.MatMul(add);
        var output = _output.Forward(Tensor.Concat([h, read], 1));
        return (output, new NtmState(memory, read, readWeights, writeWeights, h, c));
    }

    /// <summary>
    /// Runs a batch-first sequence x [B, T, I] from <paramref name="state"/> (default: <see cref="InitialState"/>)
    /// and returns the outputs [B, T, O] and the final state.
    /// </summary>
    public (Tensor Output, NtmState State) Forward(Tensor x, NtmState? state = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 3 || x.Size(2) != InputSize || x.Size(1) == 0)
            throw new ArgumentException($"NeuralTuringMachine: expected a batch-first sequence [B, T >= 1, {InputSize}], got {Shapes.Format(x.Shape)}.");
        int b = x.Size(0), t = x.Size(1);
        var s = state ?? InitialState(b);
        var outputs = new Tensor[t];
        for (int i = 0; i < t; i++)
        {
            var (y, next) = Step(x.Slice(1, i, 1).Reshape(b, InputSize), s);
            outputs[i] = y.Reshape(b, 1, OutputSize);
            s = next;
        }
        return (Tensor.Concat(outputs, 1), s);
    }

    private static void CheckState(string what, Tensor t, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(t, what);
        if (!Shapes.Equal(t.Shape, shape))
            throw new ArgumentException(
                $"NeuralTuringMachine: the state's {what} is {Shapes.Format(t.Shape)}, but a batch of {shape[0]} needs {Shapes.Format(shape)}.");
    }

    /// <summary>A head's weighting from its Linear's output [B, M + 6 (+ 2M)]: key, strength, gate, shifts, sharpening.</summary>
    private Tensor Head(Tensor p, Tensor memory, Tensor previous)
    {
        int m = MemoryWidth;
        return NtmAddressing.Address(memory,
            key: p.Slice(1, 0, m),
            beta: p.Slice(1, m, 1).Softplus(),
            gate: p.Slice(1, m + 1, 1).Sigmoid(),
            shift: p.Slice(1, m + 2, 3).Softmax(1),
            gamma: 1f + p.Slice(1, m + 5, 1).Softplus(),
            previous);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"input_size={InputSize}, output_size={OutputSize}, controller_size={ControllerSize}, memory_slots={MemorySlots}, memory_width={MemoryWidth}";
}
