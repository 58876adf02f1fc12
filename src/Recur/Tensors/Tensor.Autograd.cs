// Tensor.Autograd: the user-facing entry points of reverse-mode differentiation.
using Recur.Autograd;

namespace Recur.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Computes the gradient of this tensor with respect to every leaf that requires grad and adds it to
    /// their <see cref="Grad"/>. A non-scalar tensor needs <paramref name="gradient"/> (same shape).
    /// Saved buffers are freed unless <paramref name="retainGraph"/> is true.
    /// </summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false)
    {
        if (!RequiresGrad)
            throw new InvalidOperationException(
                "element 0 of tensors does not require grad and does not have a grad_fn. Set RequiresGrad = true " +
                "on the leaf tensors to differentiate (e.g. parameters) before computing this tensor, and do not " +
                "compute it inside a GradMode.NoGrad() scope.");
        if (gradient == null)
        {
            if (Length != 1)
                throw new InvalidOperationException(
                    $"grad can be implicitly created only for scalar outputs; this tensor has shape {Shapes.Format(_shape)}. " +
                    "Pass a gradient tensor of the same shape to Backward(gradient).");
            BackwardEngine.Run(this, [1f], retainGraph);
            return;
        }
        if (!gradient.Shape.SequenceEqual(Shape))
            throw new ArgumentException(
                $"Backward: gradient has shape {Shapes.Format(gradient.Shape)} but the tensor has shape {Shapes.Format(_shape)}.");
        BackwardEngine.Run(this, gradient.ReadOnlyData, retainGraph);
    }

    /// <summary>Keeps the gradient of this non-leaf tensor in <see cref="Grad"/> after a backward pass.</summary>
    public Tensor RetainGrad()
    {
        if (GradFn is not { } node)
        {
            if (!RequiresGrad)
                throw new InvalidOperationException("can't retain_grad on Tensor that has RequiresGrad = false");
            return this; // leaves keep their gradient anyway
        }
        node.Retained ??= new Tensor?[node.OutputGrads.Length];
        node.Retained[OutputIndex] = this;
        return this;
    }
}
