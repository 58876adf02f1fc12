// Sub: c = a - b with broadcasting. Backward: dA += dC and dB -= dC, each summed over the axes that
// broadcasting expanded for that operand.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal struct SubOp : IBinaryOp
{
    public static float Invoke(float a, float b) => a - b;
    public static void Invoke(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> d) => TensorPrimitives.Subtract(a, b, d);
    public static void Invoke(ReadOnlySpan<float> a, float b, Span<float> d) => TensorPrimitives.Subtract(a, b, d);
    public static void Invoke(float a, ReadOnlySpan<float> b, Span<float> d) => TensorPrimitives.Subtract(a, b, d);
}

internal sealed class SubFunction : Node
{
    private readonly int[] _outShape;

    private SubFunction(Tensor a, Tensor b, int[] outShape) : base(a, b) => _outShape = outShape;

    public override string Name => "SubBackward";

    internal static Tensor Forward(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var outShape = Shapes.Broadcast(a.Shape, b.Shape, "sub");
        var c = Tensor.Uninitialized(outShape);
        Broadcasting.Apply<SubOp>(a.ReadOnlyData, a.ShapeArray, b.ReadOnlyData, b.ShapeArray, c.Data, outShape);
        new SubFunction(a, b, outShape).Attach(c);
        return c;
    }

    protected internal override void Backward(GradientContext context)
    {
        var g = context.GradOutput();
        if (context.NeedsGrad(0))
            Broadcasting.SumInto(g, _outShape, context.GradInput(0), Inputs[0].ShapeArray);
        if (context.NeedsGrad(1))
        {
            var negated = new float[g.Length];
            TensorPrimitives.Negate(g, negated);
            Broadcasting.SumInto(negated, _outShape, context.GradInput(1), Inputs[1].ShapeArray);
        }
    }
}
