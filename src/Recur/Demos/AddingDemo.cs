// AddingDemo: the built-in demo behind `recur demo`: trains an LSTM (+ Linear head on the last step) with
// Adam on the adding problem and reports the fraction of held-out sequences with absolute error >= 0.04
// (Hochreiter & Schmidhuber 1997's criterion) beside the always-predict-1 baseline.
using System.Diagnostics;
using System.Globalization;
using Recur.Autograd;
using Recur.Data;
using Recur.Layers;
using Recur.Optim;
using Recur.Tensors;

namespace Recur.Demos;

/// <summary>Settings of the adding-problem demo.</summary>
public sealed record AddingDemoOptions
{
    /// <summary>T, the sequence length.</summary>
    public int Length { get; init; } = 50;

    /// <summary>LSTM hidden size.</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>Training batch size.</summary>
    public int Batch { get; init; } = 64;

    /// <summary>Training time budget.</summary>
    public double Minutes { get; init; } = 1.0;

    /// <summary>Training step budget (whichever budget ends first).</summary>
    public int MaxSteps { get; init; } = 1_000_000;

    /// <summary>Adam learning rate.</summary>
    public float LearningRate { get; init; } = 0.005f;

    /// <summary>Seed of initialisation and data.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Held-out sequences for the final figures.</summary>
    public int TestSequences { get; init; } = 2560;
}

/// <summary>One held-out example: the two marked values' sum and the model's prediction.</summary>
public readonly record struct AddingSample(float Target, float Prediction);

/// <summary>Final figures of the demo.</summary>
public sealed record AddingDemoResult(int Length, int TestSequences, double WrongFraction, double TestMse,
    double BaselineMse, long TrainSequences, int Steps, double Seconds, IReadOnlyList<AddingSample> Samples)
{
    /// <summary>The JSON line printed with --json.</summary>
    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"task\":\"adding\",\"length\":{Length},\"test_sequences\":{TestSequences},\"wrong_fraction\":{WrongFraction:0.#####},\"test_mse\":{TestMse:0.######},\"baseline_mse\":{BaselineMse:0.####},\"train_sequences\":{TrainSequences},\"steps\":{Steps},\"seconds\":{Seconds:0.#}}}");
}

/// <summary>Trains and evaluates the adding-problem demo.</summary>
public static class AddingDemo
{
    /// <summary>Runs the demo; <paramref name="log"/> receives progress lines.</summary>
    public static AddingDemoResult Run(AddingDemoOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Batch <= 0 || options.Hidden <= 0 || options.TestSequences <= 0)
            throw new ArgumentException("demo: batch, hidden size and test sequences must be positive.");
        var init = new Generator(options.Seed);
        var lstm = new Lstm(2, options.Hidden, generator: init);
        var head = new Linear(options.Hidden, 1, generator: init);
        var parameters = lstm.Parameters().Concat(head.Parameters()).ToArray();
        var adam = new Adam(parameters, options.LearningRate);
        var data = new AddingProblem(options.Length, new Generator(options.Seed + 1));
        var clock = Stopwatch.StartNew();
        double budget = options.Minutes * 60, lossSum = 0;
        int steps = 0, window = 0;
        long sequences = 0;
        while (steps < options.MaxSteps && clock.Elapsed.TotalSeconds < budget)
        {
            var (x, y) = data.Batch(options.Batch);
            var diff = Predict(lstm, head, x) - y;
            var loss = (diff * diff).Mean();
            loss.Backward();
            adam.Step();
            adam.ZeroGrad();
            float value = loss.Item();
            if (!float.IsFinite(value))
                throw new InvalidOperationException($"demo: the training loss became {value} at step {steps + 1}; lower the learning rate.");
            lossSum += value;
            window++;
            steps++;
            sequences += options.Batch;
            if (steps % 100 == 0 && log != null)
            {
                log(string.Create(CultureInfo.InvariantCulture,
                    $"step {steps,6}  train MSE {lossSum / window:0.00000}  {sequences / clock.Elapsed.TotalSeconds:0} sequences/s  {clock.Elapsed.TotalSeconds:0}s / {budget:0}s"));
                lossSum = 0;
                window = 0;
            }
        }
        double seconds = clock.Elapsed.TotalSeconds;

        var test = new AddingProblem(options.Length, new Generator(options.Seed + 1_000_003));
        int wrong = 0, done = 0;
        double squared = 0;
        var samples = new List<AddingSample>();
        lstm.Eval();
        using (GradMode.NoGrad())
        {
            while (done < options.TestSequences)
            {
                int n = Math.Min(512, options.TestSequences - done);
                var (x, y) = test.Batch(n);
                var prediction = Predict(lstm, head, x).ToArray();
                var target = y.ToArray();
                for (int i = 0; i < n; i++)
                {
                    double err = prediction[i] - target[i];
                    squared += err * err;
                    if (Math.Abs(err) >= 0.04) wrong++;
                    if (samples.Count < 5) samples.Add(new AddingSample(target[i], prediction[i]));
                }
                done += n;
            }
        }
        return new AddingDemoResult(options.Length, options.TestSequences, (double)wrong / options.TestSequences,
            squared / options.TestSequences, AddingProblem.BaselineMse, sequences, steps, seconds, samples);
    }

    /// <summary>x [T, B, 2] -> prediction [B, 1] from the last step's output.</summary>
    private static Tensor Predict(Lstm lstm, Linear head, Tensor x)
    {
        var (output, _, _) = lstm.Forward(x);
        return head.Forward(output[output.Size(0) - 1]);
    }
}
