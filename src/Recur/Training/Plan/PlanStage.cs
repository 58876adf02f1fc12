// PlanStage: one layer of a TrainingPlan. It owns its output buffer and the gradient of its output, sized
// once for the planned batch shape; Forward reads the previous stage's output, Backward reads the
// gradient of its output and adds into its parameters' gradients (and writes the gradient of its input
// when asked). Nothing is allocated after construction. A stage made for inference (training = false)
// runs the evaluation-mode forward only: it saves nothing and has no gradient buffers.
namespace Recur.Training.Plan;

/// <summary>A planned layer with fixed input and output shapes.</summary>
internal abstract class PlanStage : IDisposable
{
    protected PlanStage(int[] inputShape, int[] outputShape, bool training)
    {
        InputShape = inputShape;
        OutputShape = outputShape;
        Training = training;
        int length = 1;
        foreach (int d in outputShape) length *= d;
        Output = new float[length];
        DOutput = training ? new float[length] : [];
    }

    /// <summary>Whether the stage saves what Backward needs (false: forward only, evaluation mode).</summary>
    public bool Training { get; }

    /// <summary>The planned input shape.</summary>
    public int[] InputShape { get; }

    /// <summary>The output shape.</summary>
    public int[] OutputShape { get; }

    /// <summary>The last forward output, row-major in <see cref="OutputShape"/>.</summary>
    public float[] Output { get; }

    /// <summary>The gradient of the loss with respect to <see cref="Output"/> (filled by the next stage or the loss; empty in inference).</summary>
    public float[] DOutput { get; }

    /// <summary>Computes <see cref="Output"/> from <paramref name="input"/> (saving what Backward needs).</summary>
    public abstract void Forward(ReadOnlySpan<float> input, int threads);

    /// <summary>
    /// From <see cref="DOutput"/>: adds the parameter gradients and, unless <paramref name="dInput"/> is
    /// empty, overwrites it with the gradient of the input.
    /// </summary>
    public abstract void Backward(ReadOnlySpan<float> input, Span<float> dInput, int threads);

    /// <inheritdoc/>
    public virtual void Dispose()
    {
    }

    /// <summary>
    /// The gradient buffer of a parameter, created (zeros) when the parameter has none yet; empty for a frozen
    /// parameter (<c>RequiresGrad = false</c>), which keeps no gradient, as in PyTorch, so that an optimizer
    /// holding it leaves it alone.
    /// </summary>
    protected static Span<float> GradOf(Tensors.Tensor parameter)
    {
        if (!parameter.RequiresGrad) return default;
        parameter.Grad ??= Tensors.Tensor.Zeros(parameter.ShapeArray);
        return parameter.Grad.Data;
    }
}
