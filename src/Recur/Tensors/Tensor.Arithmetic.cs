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

    /// <summary>a - b with broadcasting.</summary>
    public static Tensor Sub(Tensor a, Tensor b) => SubFunction.Forward(a, b);

    /// <summary>a - b with broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Sub(a, b);

    /// <summary>a * b elementwise, with broadcasting.</summary>
    public static Tensor Mul(Tensor a, Tensor b) => MulFunction.Forward(a, b);

    /// <summary>a * b elementwise, with broadcasting.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Mul(a, b);

    /// <summary>a / b elementwise, with broadcasting (IEEE semantics: x / 0 is ±inf or NaN).</summary>
    public static Tensor Div(Tensor a, Tensor b) => DivFunction.Forward(a, b);

    /// <summary>a / b elementwise, with broadcasting.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Div(a, b);

    /// <summary>a + b for every element of a; the result has a's shape.</summary>
    public static Tensor operator +(Tensor a, float b) => Add(a, Scalar(b));

    /// <summary>a + b for every element of b; the result has b's shape.</summary>
    public static Tensor operator +(float a, Tensor b) => Add(Scalar(a), b);

    /// <summary>a - b for every element of a; the result has a's shape.</summary>
    public static Tensor operator -(Tensor a, float b) => Sub(a, Scalar(b));

    /// <summary>a - b for every element of b; the result has b's shape.</summary>
    public static Tensor operator -(float a, Tensor b) => Sub(Scalar(a), b);

    /// <summary>a * b for every element of a; the result has a's shape.</summary>
    public static Tensor operator *(Tensor a, float b) => Mul(a, Scalar(b));

    /// <summary>a * b for every element of b; the result has b's shape.</summary>
    public static Tensor operator *(float a, Tensor b) => Mul(Scalar(a), b);

    /// <summary>a / b for every element of a; the result has a's shape.</summary>
    public static Tensor operator /(Tensor a, float b) => Div(a, Scalar(b));

    /// <summary>a / b for every element of b; the result has b's shape.</summary>
    public static Tensor operator /(float a, Tensor b) => Div(Scalar(a), b);

    /// <summary>-a elementwise (recorded as a multiplication by -1).</summary>
    public static Tensor operator -(Tensor a) => Mul(a, Scalar(-1f));

    /// <summary>
    /// Matrix product over the last two axes: [..., M, K] x [..., K, N] -> [..., M, N], batch axes broadcast;
    /// a 2-D right operand applies to every row of the left (as a Linear layer does).
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b) => MatMulFunction.Forward(a, b);

    /// <summary>This tensor times <paramref name="other"/> (see <see cref="MatMul(Tensor, Tensor)"/>).</summary>
    public Tensor MatMul(Tensor other) => MatMulFunction.Forward(this, other);
}
