// Tensor activations: differentiable elementwise functions (same shape in and out) and the normalised
// exponentials Softmax and LogSoftmax along one axis.
using Recur.Autograd.Functions;

namespace Recur.Tensors;

public sealed partial class Tensor
{
    /// <summary>e^x elementwise; same shape.</summary>
    public Tensor Exp() => ExpFunction.Forward(this);

    /// <summary>The natural logarithm elementwise (NaN below 0, -inf at 0); same shape.</summary>
    public Tensor Log() => LogFunction.Forward(this);

    /// <summary>tanh(x) elementwise; same shape.</summary>
    public Tensor Tanh() => TanhFunction.Forward(this);

    /// <summary>1 / (1 + e^-x) elementwise; same shape.</summary>
    public Tensor Sigmoid() => SigmoidFunction.Forward(this);

    /// <summary>
    /// log(1 + e^x) elementwise, and x itself above 20 (PyTorch's softplus with beta 1 and threshold 20); same
    /// shape. A smooth positive function, e.g. for the key strength of an attention head.
    /// </summary>
    public Tensor Softplus() => SoftplusFunction.Forward(this);

    /// <summary>max(x, 0) elementwise; same shape. The gradient at 0 is 0, as in PyTorch.</summary>
    public Tensor Relu() => ReluFunction.Forward(this);

    /// <summary>
    /// e^x / sum(e^x) along <paramref name="axis"/> (negative counts from the end), computed with the maximum
    /// subtracted so large inputs do not overflow; same shape, each slice along the axis sums to 1.
    /// </summary>
    public Tensor Softmax(int axis) => SoftmaxFunction.Forward(this, axis);

    /// <summary>
    /// x - log(sum(e^x)) along <paramref name="axis"/> (negative counts from the end), computed stably; same shape.
    /// </summary>
    public Tensor LogSoftmax(int axis) => LogSoftmaxFunction.Forward(this, axis);
}
