// Div: c = a / b (elementwise) with broadcasting. Backward: dA += sum over a's broadcast axes of dC / b,
// dB += sum over b's broadcast axes of -dC * a / b^2 = -(dC / b) * c, so the output c is saved.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal struct DivOp : IBinaryOp
{
    public static float Invoke(float a, float b) => a / b;
    public static void Invoke(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> d) => TensorPrimitives.Divide(a, b, d);
    public static void Invoke(ReadOnlySpan<float> a, float b, Span<float> d) => TensorPrimitives.Divide(a, b, d);
    public static void Invoke(float a, ReadOnlySpan<float> b, Span<float> d) => TensorPrimitives.Divide(a, b, d);
}

internal sealed class DivFunction : Node
{
    private readonly int[] _outShape;
    private float[]? _quotient; // c = a / b, shape _outShape

    private DivFunction(Tensor a, Tensor b, int[] outShape, float[] quotient) : base(a, b)
    {
        _outShape = outShape;
        _quotient = quotient;
    }

    public override string Name => "DivBackward";

    internal static Tensor Forward(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var outShape = Shapes.Broadcast(a.Shape, b.Shape, "div");
        var c = Tensor.Uninitialized(outShape);
        Broadcasting.Apply<DivOp>(a.ReadOnlyData, a.ShapeArray, b.ReadOnlyData, b.ShapeArray, c.Data, outShape);
        // c owns a fresh storage of exactly its length, so that array is the saved quotient.
        new DivFunction(a, b, outShape, c.Storage).Attach(c);
        return c;
    }

    protected internal override void Backward(GradientContext context)
    {
        var quotient = _quotient ?? throw new InvalidOperationException(BackwardEngine.FreedMessage);
        var g = context.GradOutput();
        var b = Inputs[1];
        var gOverB = new float[g.Length];
        Broadcasting.Apply<DivOp>(g, _outShape, b.ReadOnlyData, b.ShapeArray, gOverB, _outShape);
        if (context.NeedsGrad(0))
            Broadcasting.SumInto(gOverB, _outShape, context.GradInput(0), Inputs[0].ShapeArray);
        if (context.NeedsGrad(1))
        {
            TensorPrimitives.Multiply(gOverB, quotient, gOverB);
            TensorPrimitives.Negate(gOverB, gOverB);
            Broadcasting.SumInto(gOverB, _outShape, context.GradInput(1), b.ShapeArray);
        }
    }

    protected override void ReleaseSaved() => _quotient = null;
}
