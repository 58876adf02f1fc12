// InferencePlan: a model's evaluation-mode forward pass planned once for one input shape, for repeated
// inference (serving, evaluation loops, benchmarks). Every output and scratch buffer and the packed
// recurrent weights are allocated when the plan is made; each Run executes the fused kernels directly
// (no tape, nothing saved for backward) and allocates nothing on the managed heap. It gives exactly what
// Sequential.Forward gives in evaluation mode without gradients (the same kernels; tests compare the
// two), for the layers TrainingPlan knows: Embedding, Rnn/Lstm/Gru (full-length sequences from zero
// states), Linear, LastTimeStep and Dropout (the identity here, at any rate). Weights are read at each
// Run, so a plan stays valid while the model trains.
using Recur.Layers;
using Recur.Tensors;
using Recur.Training.Plan;

namespace Recur.Inference;

/// <summary>An allocation-free forward pass of one model for one input shape.</summary>
public sealed class InferencePlan : IDisposable
{
    private readonly PlanStage[] _stages;
    private readonly int[] _inputShape;
    private bool _disposed;

    private InferencePlan(PlanStage[] stages, int[] inputShape, int threads)
    {
        _stages = stages;
        _inputShape = inputShape;
        Threads = threads;
    }

    /// <summary>Kernel threads every run uses (fixed when the plan is made).</summary>
    public int Threads { get; }

    /// <summary>The planned input shape.</summary>
    public IReadOnlyList<int> InputShape => _inputShape;

    /// <summary>The model's output shape.</summary>
    public IReadOnlyList<int> OutputShape => _stages[^1].OutputShape;

    /// <summary>The output of the last <see cref="Run(ReadOnlySpan{float})"/>, row-major in <see cref="OutputShape"/>.</summary>
    public ReadOnlySpan<float> Output => _stages[^1].Output;

    /// <summary>
    /// Plans <paramref name="model"/> for inputs of shape <paramref name="inputShape"/> with
    /// <see cref="Kernels.Threading.MaxThreads"/> threads as of now; throws <see cref="NotSupportedException"/>
    /// naming the layer the plan cannot run (use Sequential.Forward for those).
    /// </summary>
    public static InferencePlan Create(Sequential model, params int[] inputShape) =>
        Create(model, Kernels.Threading.MaxThreads, inputShape);

    /// <summary>As <see cref="Create(Sequential, int[])"/> with an explicit thread count.</summary>
    public static InferencePlan Create(Sequential model, int threads, int[] inputShape) =>
        TryCreate(model, inputShape, out var plan, out var reason, threads) ? plan! : throw new NotSupportedException($"InferencePlan: {reason}.");

    /// <summary>As <see cref="Create(Sequential, int[])"/>, returning false with the reason instead of throwing.</summary>
    public static bool TryCreate(Sequential model, int[] inputShape, out InferencePlan? plan, out string? reason, int? threads = null)
    {
        if (threads is < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "InferencePlan: threads must be at least 1.");
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        plan = null;
        if (inputShape.Any(d => d <= 0))
        {
            reason = $"input shape {Shapes.Format(inputShape)} has an axis that is not positive";
            return false;
        }
        if (!PlanBuilder.TryBuild(model, inputShape, training: false, out var stages, out reason)) return false;
        plan = new InferencePlan(stages, (int[])inputShape.Clone(), threads ?? Kernels.Threading.MaxThreads);
        return true;
    }

    /// <summary>Runs the model on x (of <see cref="InputShape"/>) and returns a copy of the output as a new tensor.</summary>
    public Tensor Run(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!Shapes.Equal(x.Shape, _inputShape))
            throw new ArgumentException($"InferencePlan: planned for input {Shapes.Format(_inputShape)}, got {Shapes.Format(x.Shape)}; make a plan for the new shape.");
        return Tensor.FromArray(Run(x.ReadOnlyData).ToArray(), [.. _stages[^1].OutputShape]);
    }

    /// <summary>
    /// Runs the model on a row-major x of the planned size and returns the output (valid until the next
    /// run; nothing is allocated).
    /// </summary>
    public ReadOnlySpan<float> Run(ReadOnlySpan<float> x)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (x.Length != Shapes.Count(_inputShape))
            throw new ArgumentException($"InferencePlan: expected {Shapes.Count(_inputShape)} inputs for shape {Shapes.Format(_inputShape)}, got {x.Length}.");
        int threads = Threads;
        ReadOnlySpan<float> input = x;
        foreach (var stage in _stages)
        {
            stage.Forward(input, threads);
            input = stage.Output;
        }
        return input;
    }

    /// <summary>Gives back the kernels' pooled buffers and packed weights.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var s in _stages) s.Dispose();
    }
}
