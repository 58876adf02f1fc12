// Tensor arithmetic: the public face of the differentiable elementwise and matrix ops. Each method
// validates shapes here and delegates to one function in Autograd/Functions.
using Recur.Autograd.Functions;

namespace Recur.Tensors;

public sealed partial class Tensor
{
    /// <summary>a + b with broadcasting.</summary>
    public static Tensor Add(Tensor a, Tensor b) => AddFunction.Forward(a, b);

    /// <summary>a + b with broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Add(a, b);

    /// <summary>
    /// Matrix product over the last two axes: [..., M, K] x [..., K, N] -> [..., M, N], batch axes broadcast;
    /// a 2-D right operand applies to every row of the left (as a Linear layer does).
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b) => MatMulFunction.Forward(a, b);

    /// <summary>This tensor times <paramref name="other"/> (see <see cref="MatMul(Tensor, Tensor)"/>).</summary>
    public Tensor MatMul(Tensor other) => MatMulFunction.Forward(this, other);
}
