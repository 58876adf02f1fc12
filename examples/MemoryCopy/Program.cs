// MemoryCopy: the Neural Turing Machine on Graves et al.'s copy task, on the library API. Each sequence is
// 1 to 5 random 6-bit vectors, then a delimiter; the machine must then write the vectors back while it reads
// nothing. It trains with Adam on fresh batches and prints the loss per bit and the bit error rate of the
// recalled vectors every 100 steps (chance: ln 2 = 0.693 nats and 50 %), then the bit error rate on longer
// sequences than it trained on (Graves et al.'s test of whether it learnt to copy or only to remember), beside
// an LSTM of about the same size trained the same way.
// Run: dotnet run --project examples/MemoryCopy -c Release [-- steps]
using System.Diagnostics;
using Recur.Layers;
using Recur.Layers.Memory;
using Recur.Losses;
using Recur.Optim;
using Recur.Tensors;

int steps = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2000;
const int Bits = 6, MaxLength = 5, Batch = 16;
var g = new Generator(1);
var ntm = new NeuralTuringMachine(inputSize: Bits + 1, outputSize: Bits, controllerSize: 64, memorySlots: 16, memoryWidth: 8, generator: g);
Console.WriteLine($"{ntm}\n{ntm.ParameterCount():N0} parameters; copy task, 1-{MaxLength} vectors of {Bits} bits, batches of {Batch}");
Run("NTM", x => ntm.Forward(x).Output, ntm.Parameters(), steps, g);
var lstm = new Sequential(new Lstm(Bits + 1, 70, batchFirst: true, generator: g), new Linear(70, Bits, generator: g));
Console.WriteLine($"\nthe same with an LSTM: {lstm}\n{lstm.ParameterCount():N0} parameters");
Run("LSTM", lstm.Forward, lstm.Parameters(), steps, g);

static void Run(string name, Func<Tensor, Tensor> forward, IReadOnlyList<Tensor> parameters, int steps, Generator g)
{
    var adam = new Adam(parameters, lr: 0.005f);
    var loss = new BceWithLogitsLoss();
    var clock = Stopwatch.StartNew();
    double lossSum = 0, wrong = 0, bits = 0;
    for (int step = 1; step <= steps; step++)
    {
        int length = 1 + (int)(g.NextDouble() * MaxLength);
        var (x, target) = Sequences(length, Batch, g);
        var recalled = forward(x).Slice(1, length + 1, length);
        var l = loss.Compute(recalled, target);
        adam.ZeroGrad();
        l.Backward();
        GradClip.ClipGradNorm(parameters, 10f);
        adam.Step();
        lossSum += l.Item();
        var r = recalled.ReadOnlyData;
        var y = target.ReadOnlyData;
        for (int i = 0; i < r.Length; i++)
            if ((r[i] > 0f) != (y[i] > 0.5f)) wrong++;
        bits += r.Length;
        if (step % 250 == 0 || step == steps)
        {
            int n = step % 250 == 0 ? 250 : step % 250;
            Console.WriteLine($"{name} step {step,5}  loss {lossSum / n:0.0000} nats/bit  bit errors {100 * wrong / bits:0.0} %  {clock.Elapsed.TotalSeconds:0} s");
            lossSum = wrong = bits = 0;
        }
    }
    // Longer sequences than any in training (the NTM's memory has 16 slots).
    using (Recur.Autograd.GradMode.NoGrad())
    {
        var test = new Generator(2);
        foreach (int length in new[] { MaxLength, 8, 12 })
        {
            var (x, target) = Sequences(length, 64, test);
            var recalled = forward(x).Slice(1, length + 1, length).ReadOnlyData;
            var y = target.ReadOnlyData;
            int errors = 0;
            for (int i = 0; i < y.Length; i++)
                if ((recalled[i] > 0f) != (y[i] > 0.5f)) errors++;
            Console.WriteLine($"{name} length {length,2}{(length > MaxLength ? " (longer than in training)" : "")}: bit errors {100.0 * errors / y.Length:0.0} % of {y.Length}");
        }
    }
}

// Input: `length` random vectors, the delimiter (its own channel), then `length` blank steps; the target is the
// vectors, to be written on those blank steps.
static (Tensor X, Tensor Target) Sequences(int length, int batch, Generator g)
{
    var x = Tensor.Zeros(batch, 2 * length + 1, Bits + 1);
    var target = Tensor.Zeros(batch, length, Bits);
    for (int b = 0; b < batch; b++)
    {
        for (int t = 0; t < length; t++)
            for (int bit = 0; bit < Bits; bit++)
            {
                float v = g.NextDouble() < 0.5 ? 1f : 0f;
                x.SetValue(v, b, t, bit);
                target.SetValue(v, b, t, bit);
            }
        x.SetValue(1f, b, length, Bits);
    }
    return (x, target);
}
