// TrainingPlan: a training step planned once for a model, a loss and a batch shape, in the manner of
// llm.c: every activation, gradient and scratch buffer is allocated when the plan is made, and each Step
// runs the fused kernels directly (no tape), so steady-state steps allocate nothing on the managed heap.
// It computes exactly what Sequential.Forward + loss.Compute + Backward compute (the same kernels; tests
// compare the two) for the layers it knows: Embedding, Rnn/Lstm/Gru (full-length sequences from zero
// states, no inter-layer dropout in training), Linear and LastTimeStep; losses MSE and cross-entropy with
// class indices. Gradients are added into each parameter's Grad, as Backward does; the caller runs the
// optimizer. A different batch shape needs a new plan.
using Recur.Layers;
using Recur.Losses;
using Recur.Tensors;
using Recur.Training.Plan;

namespace Recur.Training;

/// <summary>An allocation-free forward + loss + backward step for one model and batch shape.</summary>
public sealed class TrainingPlan : IDisposable
{
    private readonly PlanStage[] _stages;
    private readonly PlanLoss _loss;
    private readonly int[] _inputShape, _targetShape;
    private readonly float[] _dPrediction;
    private bool _disposed;

    private TrainingPlan(PlanStage[] stages, PlanLoss loss, int[] inputShape, int threads)
    {
        Threads = threads;
        _stages = stages;
        _loss = loss;
        _inputShape = inputShape;
        _targetShape = loss.TargetShape(stages[^1].OutputShape);
        _dPrediction = stages[^1].DOutput;
    }

    /// <summary>Kernel threads every step uses (fixed when the plan is made, so steps repeat exactly).</summary>
    public int Threads { get; }

    /// <summary>The planned input shape.</summary>
    public IReadOnlyList<int> InputShape => _inputShape;

    /// <summary>The target shape the loss expects.</summary>
    public IReadOnlyList<int> TargetShape => _targetShape;

    /// <summary>The model's output shape.</summary>
    public IReadOnlyList<int> OutputShape => _stages[^1].OutputShape;

    /// <summary>The model's output from the last <see cref="Step(Tensor, Tensor)"/> (row-major in <see cref="OutputShape"/>).</summary>
    public ReadOnlySpan<float> Output => _stages[^1].Output;

    /// <summary>
    /// Plans <paramref name="model"/> with <paramref name="loss"/> for inputs of shape
    /// <paramref name="inputShape"/>; throws <see cref="NotSupportedException"/> naming the layer or loss
    /// the plan cannot run (use the autograd path for those). Steps use <see cref="Kernels.Threading.MaxThreads"/>
    /// threads as of now.
    /// </summary>
    public static TrainingPlan Create(Sequential model, ILoss loss, params int[] inputShape) =>
        Create(model, loss, Kernels.Threading.MaxThreads, inputShape);

    /// <summary>As <see cref="Create(Sequential, ILoss, int[])"/> with an explicit thread count.</summary>
    public static TrainingPlan Create(Sequential model, ILoss loss, int threads, int[] inputShape) =>
        TryCreate(model, loss, inputShape, out var plan, out var reason, threads) ? plan! : throw new NotSupportedException($"TrainingPlan: {reason}.");

    /// <summary>As <see cref="Create(Sequential, ILoss, int[])"/>, returning false with the reason instead of throwing.</summary>
    public static bool TryCreate(Sequential model, ILoss loss, int[] inputShape, out TrainingPlan? plan, out string? reason, int? threads = null)
    {
        if (threads is < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "TrainingPlan: threads must be at least 1.");
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(inputShape);
        plan = null;
        var planLoss = PlanLoss.For(loss, out reason);
        if (planLoss == null) return false;
        if (!PlanBuilder.TryBuild(model, inputShape, training: true, out var stages, out reason)) return false;
        plan = new TrainingPlan(stages, planLoss, (int[])inputShape.Clone(), threads ?? Kernels.Threading.MaxThreads);
        return true;
    }

    /// <summary>
    /// One forward, loss and backward pass: x has <see cref="InputShape"/>, target <see cref="TargetShape"/>
    /// (class indices as whole numbers for cross-entropy). Adds the gradients into the parameters' Grad
    /// and returns the loss.
    /// </summary>
    public float Step(Tensor x, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(target);
        if (!Shapes.Equal(x.Shape, _inputShape))
            throw new ArgumentException($"TrainingPlan: planned for input {Shapes.Format(_inputShape)}, got {Shapes.Format(x.Shape)}; make a plan for the new shape.");
        if (!Shapes.Equal(target.Shape, _targetShape))
            throw new ArgumentException($"TrainingPlan: expected target {Shapes.Format(_targetShape)}, got {Shapes.Format(target.Shape)}.");
        return Step(x.ReadOnlyData, target.ReadOnlyData);
    }

    /// <summary>As <see cref="Step(Tensor, Tensor)"/> on row-major spans of the planned sizes.</summary>
    public float Step(ReadOnlySpan<float> x, ReadOnlySpan<float> target)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (x.Length != Shapes.Count(_inputShape) || target.Length != Shapes.Count(_targetShape))
            throw new ArgumentException($"TrainingPlan: expected {Shapes.Count(_inputShape)} inputs and {Shapes.Count(_targetShape)} targets, got {x.Length} and {target.Length}.");
        int threads = Threads;
        ReadOnlySpan<float> input = x;
        foreach (var stage in _stages)
        {
            stage.Forward(input, threads);
            input = stage.Output;
        }
        float loss = _loss.Compute(_stages[^1].Output, target, _dPrediction);
        for (int i = _stages.Length - 1; i >= 0; i--)
        {
            ReadOnlySpan<float> stageInput = i == 0 ? x : _stages[i - 1].Output;
            Span<float> dInput = i == 0 ? default : _stages[i - 1].DOutput;
            _stages[i].Backward(stageInput, dInput, threads);
        }
        return loss;
    }

    /// <summary>Gives back the kernels' pooled buffers and packed weights.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var s in _stages) s.Dispose();
    }
}
