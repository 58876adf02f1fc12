// Add: c = a + b with broadcasting. Backward: dA += sum over broadcast axes of dC; likewise dB.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal struct AddOp : IBinaryOp
{
    public static float Invoke(float a, float b) => a + b;
    public static void Invoke(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> d) => TensorPrimitives.Add(a, b, d);
    public static void Invoke(ReadOnlySpan<float> a, float b, Span<float> d) => TensorPrimitives.Add(a, b, d);
    public static void Invoke(float a, ReadOnlySpan<float> b, Span<float> d) => TensorPrimitives.Add(b, a, d);
}

internal sealed class AddFunction : Node
{
    private readonly int[] _outShape;

    private AddFunction(Tensor a, Tensor b, int[] outShape) : base(a, b) => _outShape = outShape;

    public override string Name => "AddBackward";

    internal static Tensor Forward(Tensor a, Tensor b)
    {
        var outShape = Shapes.Broadcast(a.Shape, b.Shape, "add");
        var c = Tensor.Uninitialized(outShape);
        Broadcasting.Apply<AddOp>(a.ReadOnlyData, a.ShapeArray, b.ReadOnlyData, b.ShapeArray, c.Data, outShape);
        new AddFunction(a, b, outShape).Attach(c);
        return c;
    }

    protected internal override void Backward(GradientContext context)
    {
        var g = context.GradOutput();
        for (int i = 0; i < 2; i++)
            if (context.NeedsGrad(i))
                Broadcasting.SumInto(g, _outShape, context.GradInput(i), Inputs[i].ShapeArray);
    }
}
