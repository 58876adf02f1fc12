// LinearStage: y = x W^T + b over the last axis; x [R, In] -> y [R, Out] (R = all leading axes).
// Backward: dX = dY W, dW += dY^T x, db += column sums of dY: one GEMM each.
using Recur.Kernels;
using Recur.Layers;

namespace Recur.Training.Plan;

internal sealed class LinearStage : PlanStage
{
    private readonly Linear _layer;
    private readonly int _rows, _in, _out;

    public LinearStage(Linear layer, int[] inputShape, bool training)
        : base(inputShape, [.. inputShape[..^1], layer.Weight.Size(0)], training)
    {
        _layer = layer;
        _in = layer.Weight.Size(1);
        _out = layer.Weight.Size(0);
        _rows = Output.Length / Math.Max(1, _out);
    }

    public override void Forward(ReadOnlySpan<float> input, int threads)
    {
        var bias = _layer.Bias;
        if (bias != null)
        {
            var b = bias.ReadOnlyData;
            for (int r = 0; r < _rows; r++) b.CopyTo(Output.AsSpan(r * _out, _out));
        }
        Gemm.Multiply(false, true, _rows, _out, _in, 1f, input, _in, _layer.Weight.ReadOnlyData, _in,
            bias != null ? 1f : 0f, Output, _out, threads);
    }

    public override void Backward(ReadOnlySpan<float> input, Span<float> dInput, int threads)
    {
        if (!dInput.IsEmpty)
            Gemm.Multiply(false, false, _rows, _in, _out, 1f, DOutput, _out, _layer.Weight.ReadOnlyData, _in, 0f, dInput, _in, threads);
        Gemm.Multiply(true, false, _out, _in, _rows, 1f, DOutput, _out, input, _in, 1f, GradOf(_layer.Weight), _in, threads);
        if (_layer.Bias != null)
        {
            var db = GradOf(_layer.Bias);
            for (int r = 0; r < _rows; r++) TensorPrimitives.Add(db, DOutput.AsSpan(r * _out, _out), db);
        }
    }
}
