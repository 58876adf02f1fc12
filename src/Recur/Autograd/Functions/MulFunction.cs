// Mul: c = a * b (elementwise) with broadcasting. Backward: dA += sum over a's broadcast axes of dC * b,
// dB += sum over b's broadcast axes of dC * a. The inputs themselves are the saved state.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal struct MulOp : IBinaryOp
{
    public static float Invoke(float a, float b) => a * b;
    public static void Invoke(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> d) => TensorPrimitives.Multiply(a, b, d);
    public static void Invoke(ReadOnlySpan<float> a, float b, Span<float> d) => TensorPrimitives.Multiply(a, b, d);
    public static void Invoke(float a, ReadOnlySpan<float> b, Span<float> d) => TensorPrimitives.Multiply(b, a, d);
}

internal sealed class MulFunction : Node
{
    private readonly int[] _outShape;

    private MulFunction(Tensor a, Tensor b, int[] outShape) : base(a, b) => _outShape = outShape;

    public override string Name => "MulBackward";

    internal static Tensor Forward(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var outShape = Shapes.Broadcast(a.Shape, b.Shape, "mul");
        var c = Tensor.Uninitialized(outShape);
        Broadcasting.Apply<MulOp>(a.ReadOnlyData, a.ShapeArray, b.ReadOnlyData, b.ShapeArray, c.Data, outShape);
        new MulFunction(a, b, outShape).Attach(c);
        return c;
    }

    protected internal override void Backward(GradientContext context)
    {
        var g = context.GradOutput();
        var a = Inputs[0];
        var b = Inputs[1];
        var product = new float[g.Length];
        if (context.NeedsGrad(0))
        {
            Broadcasting.Apply<MulOp>(g, _outShape, b.ReadOnlyData, b.ShapeArray, product, _outShape);
            Broadcasting.SumInto(product, _outShape, context.GradInput(0), a.ShapeArray);
        }
        if (context.NeedsGrad(1))
        {
            Broadcasting.Apply<MulOp>(g, _outShape, a.ReadOnlyData, a.ShapeArray, product, _outShape);
            Broadcasting.SumInto(product, _outShape, context.GradInput(1), b.ShapeArray);
        }
    }
}
