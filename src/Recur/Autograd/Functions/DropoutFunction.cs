// Dropout (inverted): y = x * mask, mask[i] = 0 with probability p, else 1 / (1 - p), drawn from an
// explicit Generator (entry i is dropped when the i-th NextFloat() < p) so runs repeat for a seed.
// Backward: dX += dY * mask. Srivastava et al., "Dropout" (JMLR 2014); scaling as torch.nn.Dropout.
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class DropoutFunction : Node
{
    private float[]? _mask;

    private DropoutFunction(Tensor x, float[] mask) : base(x) => _mask = mask;

    public override string Name => "DropoutBackward";

    internal static Tensor Forward(Tensor x, float p, Generator generator, bool training)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(generator);
        if (!(p >= 0f && p < 1f))
            throw new ArgumentOutOfRangeException(nameof(p), p,
                $"dropout: probability has to be in [0, 1), but got {p} (input shape {Shapes.Format(x.Shape)}).");
        if (!training || p == 0f) return x;
        float scale = 1f / (1f - p);
        var mask = new float[x.Length];
        for (int i = 0; i < mask.Length; i++)
            mask[i] = generator.NextFloat() < p ? 0f : scale;
        var y = Tensor.Uninitialized(x.ShapeArray);
        TensorPrimitives.Multiply(x.ReadOnlyData, mask, y.Data);
        new DropoutFunction(x, mask).Attach(y);
        return y;
    }

    protected internal override void Backward(GradientContext context)
    {
        var mask = _mask ?? throw new InvalidOperationException(BackwardEngine.FreedMessage);
        if (!context.NeedsGrad(0)) return;
        var dX = context.GradInput(0);
        TensorPrimitives.MultiplyAdd(context.GradOutput(), mask, dX, dX);
    }

    protected override void ReleaseSaved() => _mask = null;
}
