// LinearStage: y = x W^T + b over the last axis; x [R, In] -> y [R, Out] (R = all leading axes).
// Backward: dX = dY W, dW += dY^T x (one GEMM each), db += column sums of dY (blocked as the tape sums them).
using Recur.Kernels;
using Recur.Layers;

namespace Recur.Training.Plan;

internal sealed class LinearStage : PlanStage
{
    private readonly Linear _layer;
    private readonly int _rows, _in, _out;

    // W^T [In, Out], refreshed each Forward, for products of at most Gemm.SmallM rows: there GEMM sums a
    // transposed B in another order than a plain one, and Linear.Forward multiplies by a materialised W^T.
    private readonly float[] _weightT;

    // Scratch of the bias gradient's blocked row sum (Tensors/Summation), as the tape sums it: allocated here
    // when there are more rows than one block, so a step allocates nothing.
    private readonly double[] _biasTotal;
    private readonly float[] _biasBlock;

    public LinearStage(Linear layer, int[] inputShape, bool training)
        : base(inputShape, [.. inputShape[..^1], layer.Weight.Size(0)], training)
    {
        _layer = layer;
        _in = layer.Weight.Size(1);
        _out = layer.Weight.Size(0);
        _rows = Output.Length / Math.Max(1, _out);
        _weightT = _rows <= Gemm.SmallM ? new float[_in * _out] : [];
        bool blocked = layer.Bias != null && _rows > Tensors.Summation.RowBlock;
        _biasTotal = blocked ? new double[_out] : [];
        _biasBlock = blocked ? new float[_out] : [];
    }

    public override void Forward(ReadOnlySpan<float> input, int threads)
    {
        // x W^T first, then + b, in the order Linear.Forward rounds in (a bias-prefilled product would sum
        // b + x W^T and differ from the layer in the last bit).
        var w = _layer.Weight.ReadOnlyData;
        if (_weightT.Length > 0)
        {
            for (int o = 0; o < _out; o++)
                for (int i = 0; i < _in; i++) _weightT[i * _out + o] = w[o * _in + i];
            Gemm.Multiply(false, false, _rows, _out, _in, 1f, input, _in, _weightT, _out, 0f, Output, _out, threads);
        }
        else
        {
            Gemm.Multiply(false, true, _rows, _out, _in, 1f, input, _in, w, _in, 0f, Output, _out, threads);
        }
        var bias = _layer.Bias;
        if (bias != null)
        {
            var b = bias.ReadOnlyData;
            for (int r = 0; r < _rows; r++)
            {
                var row = Output.AsSpan(r * _out, _out);
                TensorPrimitives.Add(row, b, row);
            }
        }
    }

    public override void Backward(ReadOnlySpan<float> input, Span<float> dInput, int threads)
    {
        if (!dInput.IsEmpty)
            Gemm.Multiply(false, false, _rows, _in, _out, 1f, DOutput, _out, _layer.Weight.ReadOnlyData, _in, 0f, dInput, _in, threads);
        // Frozen parameters (empty gradient) get nothing.
        var dWeight = GradOf(_layer.Weight);
        if (!dWeight.IsEmpty)
            Gemm.Multiply(true, false, _out, _in, _rows, 1f, DOutput, _out, input, _in, 1f, dWeight, _in, threads);
        if (_layer.Bias != null && GradOf(_layer.Bias) is { IsEmpty: false } dBias)
            Tensors.Summation.AddRows(DOutput.AsSpan(0, _rows * _out), _rows, dBias, _biasTotal, _biasBlock);
    }
}
