// RnnBenchmark: the measurements behind `recur bench rnn`. step: one time step of a batch with carried
// state, no gradients (RecurrentStepper: allocation-free streaming); infer: a whole sequence, no gradients; train: forward, MSE loss on the outputs,
// backward and an Adam step; charlm: embedding, LSTM, linear, cross-entropy and an Adam step. Tokens per second
// count batch x steps per run (batch per run in step mode).
using System.Globalization;
using Recur.Autograd;
using Recur.Inference;
using Recur.Kernels;
using Recur.Layers;
using Recur.Losses;
using Recur.Optim;
using Recur.Tensors;
using Recur.Training;

namespace Recur.Diagnostics;

/// <summary>What `recur bench rnn` measures.</summary>
/// <param name="Cell">rnn, lstm or gru.</param>
/// <param name="Mode">step, infer or train.</param>
/// <param name="Batch">B.</param>
/// <param name="Seq">T (ignored in step mode).</param>
/// <param name="Input">I.</param>
/// <param name="Hidden">H.</param>
/// <param name="Layers">L.</param>
/// <param name="Bidirectional">Two directions.</param>
/// <param name="Threads">Kernel threads.</param>
/// <param name="Vocab">charlm: vocabulary size.</param>
/// <param name="Embed">charlm: embedding size (the LSTM's input size).</param>
/// <param name="Engine">infer, train and charlm: "plan" (an allocation-free <see cref="Inference.InferencePlan"/>
/// or <see cref="Training.TrainingPlan"/>) or "tape" (the layers' Forward, and loss and Backward on the autograd tape).</param>
public sealed record RnnBenchmarkConfig(string Cell, string Mode, int Batch, int Seq, int Input, int Hidden,
    int Layers = 1, bool Bidirectional = false, int Threads = 1, int Vocab = 65, int Embed = 64, string Engine = "plan");

/// <summary>One measurement of <see cref="RnnBenchmark"/>.</summary>
public sealed record RnnMeasurement(RnnBenchmarkConfig Config, Timing Timing)
{
    /// <summary>Tokens (sequence elements) per second at the median time.</summary>
    public double TokensPerSecond => (Config.Mode == "step" ? Config.Batch : (double)Config.Batch * Config.Seq) / (Timing.MedianMs / 1e3);

    /// <summary>The JSON line `recur bench rnn --json` prints.</summary>
    public string ToJson()
    {
        var c = Config;
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"op\":\"rnn\",\"cell\":\"{c.Cell}\",\"mode\":\"{c.Mode}\",\"batch\":{c.Batch},\"seq\":{(c.Mode == "step" ? 1 : c.Seq)},\"input\":{(c.Mode == "charlm" ? c.Embed : c.Input)},\"hidden\":{c.Hidden},\"layers\":{c.Layers},\"bidirectional\":{(c.Bidirectional ? "true" : "false")},\"threads\":{c.Threads},\"engine\":\"{(c.Mode is "step" ? "none" : c.Engine)}\",\"median_ms\":{Timing.MedianMs:0.#####},\"min_ms\":{Timing.MinMs:0.#####},\"tokens_per_s\":{TokensPerSecond:0.#},\"peak_rss_mb\":{PeakRssMb:0.#}}}");
    }

    /// <summary>The process's peak resident memory after the measurement, in MiB.</summary>
    public double PeakRssMb { get; init; }
}

/// <summary>Times recurrent layers in the modes of <see cref="RnnBenchmarkConfig"/>.</summary>
public static class RnnBenchmark
{
    /// <summary>Runs one measurement (sets <see cref="Threading.MaxThreads"/> for its duration).</summary>
    public static RnnMeasurement Run(RnnBenchmarkConfig config, double minSeconds = 1.0)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Mode == "charlm" && (config.Vocab <= 0 || config.Embed <= 0))
            throw new ArgumentException("bench rnn: --vocab and --embed must be positive.");
        if (config.Batch <= 0 || config.Input <= 0 || config.Hidden <= 0 || config.Layers <= 0 || (config.Mode != "step" && config.Seq <= 0))
            throw new ArgumentException("bench rnn: --batch, --seq, --input, --hidden and --layers must be positive.");
        if (config.Engine is not ("plan" or "tape"))
            throw new ArgumentException($"bench rnn: unknown --engine '{config.Engine}'; use plan or tape.");
        if (config.Threads <= 0)
            throw new ArgumentException($"bench rnn: --threads must be positive, got {config.Threads}.");
        var g = new Generator(1);
        var layer = new RecurrentConfig
        {
            Kind = config.Cell,
            InputSize = config.Mode == "charlm" ? config.Embed : config.Input,
            HiddenSize = config.Hidden,
            NumLayers = config.Layers,
            Bidirectional = config.Bidirectional,
        }.Create(g);
        int saved = Threading.MaxThreads;
        Threading.MaxThreads = config.Threads;
        try
        {
            Action body = config.Mode switch
            {
                "step" => StepBody(layer, config, g),
                "infer" => InferBody(layer, config, g),
                "train" => TrainBody(layer, config, g),
                "charlm" => CharLmBody(layer, config, g),
                _ => throw new ArgumentException($"bench rnn: unknown --mode '{config.Mode}'; use step, infer, train or charlm."),
            };
            var timing = BenchmarkTimer.Measure(body, minSeconds: minSeconds);
            return new RnnMeasurement(config, timing) { PeakRssMb = System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0) };
        }
        finally
        {
            Threading.MaxThreads = saved;
        }
    }

    private static Action StepBody(RecurrentLayer layer, RnnBenchmarkConfig c, Generator g)
    {
        if (layer.Bidirectional)
            throw new ArgumentException("bench rnn: step mode streams one direction; drop --bidirectional.");
        var stepper = new RecurrentStepper(layer, c.Batch);
        var x = Tensor.Uniform(g, -1, 1, c.Batch * c.Input).ToArray();
        var y = new float[c.Batch * layer.HOut];
        return () => stepper.Step(x, y);
    }

    private static Action InferBody(RecurrentLayer layer, RnnBenchmarkConfig c, Generator g)
    {
        layer.Eval();
        var x = Tensor.Uniform(g, -1, 1, c.Seq, c.Batch, c.Input);
        if (c.Engine == "plan")
        {
            var plan = InferencePlan.Create(new Sequential(layer), c.Seq, c.Batch, c.Input);
            return () => plan.Run(x.ReadOnlyData);
        }
        return () =>
        {
            using var scope = GradMode.NoGrad();
            layer.ForwardStates(x);
        };
    }

    private static Action TrainBody(RecurrentLayer layer, RnnBenchmarkConfig c, Generator g)
    {
        var x = Tensor.Uniform(g, -1, 1, c.Seq, c.Batch, c.Input);
        var target = Tensor.Uniform(g, -1, 1, c.Seq, c.Batch, layer.Directions * layer.HOut);
        var adam = new Adam(layer.Parameters());
        if (c.Engine == "plan")
        {
            var plan = TrainingPlan.Create(new Sequential(layer), new MseLoss(), c.Seq, c.Batch, c.Input);
            return () =>
            {
                plan.Step(x, target);
                adam.Step();
                adam.ZeroGrad();
            };
        }
        return () =>
        {
            var (output, _, _) = layer.ForwardStates(x);
            Loss.Mse(output, target).Backward();
            adam.Step();
            adam.ZeroGrad();
        };
    }

    private static Action CharLmBody(RecurrentLayer layer, RnnBenchmarkConfig c, Generator g)
    {
        // Embedding -> LSTM (time-major) -> Linear -> cross-entropy, one Adam step: a character LM's training step.
        var embedding = new Embedding(c.Vocab, c.Embed, generator: g);
        var head = new Linear(layer.Directions * layer.HOut, c.Vocab, generator: g);
        var tokens = new int[c.Seq * c.Batch];
        var targets = new int[c.Seq * c.Batch];
        for (int i = 0; i < tokens.Length; i++)
        {
            tokens[i] = g.NextInt(c.Vocab);
            targets[i] = g.NextInt(c.Vocab);
        }
        var loss = new CrossEntropyLoss();
        var adam = new Adam(embedding.Parameters().Concat(layer.Parameters()).Concat(head.Parameters()));
        int[] shape = [c.Seq, c.Batch];
        if (c.Engine == "plan")
        {
            var model = new Sequential(embedding, layer, head);
            var plan = TrainingPlan.Create(model, loss, shape);
            var x = Tensor.FromArray(Array.ConvertAll(tokens, t => (float)t), shape);
            var y = Tensor.FromArray(Array.ConvertAll(targets, t => (float)t), shape);
            return () =>
            {
                plan.Step(x, y);
                adam.Step();
                adam.ZeroGrad();
            };
        }
        return () =>
        {
            var (output, _, _) = layer.ForwardStates(embedding.Forward(tokens, shape));
            loss.Compute(head.Forward(output), targets).Backward();
            adam.Step();
            adam.ZeroGrad();
        };
    }
}
