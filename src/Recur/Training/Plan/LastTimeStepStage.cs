// LastTimeStepStage: [B, T, F] -> [B, F], the last step of each batch-first sequence; bidirectional, the
// forward half [0, F/2) at t = T - 1 and the reverse half [F/2, F) at t = 0 (as LastTimeStep).
namespace Recur.Training.Plan;

internal sealed class LastTimeStepStage : PlanStage
{
    private readonly int _b, _t, _f;
    private readonly bool _bidirectional;

    public LastTimeStepStage(int[] inputShape, bool bidirectional, bool training)
        : base(inputShape, [inputShape[0], inputShape[2]], training)
    {
        (_b, _t, _f) = (inputShape[0], inputShape[1], inputShape[2]);
        _bidirectional = bidirectional;
    }

    public override void Forward(ReadOnlySpan<float> input, int threads)
    {
        for (int b = 0; b < _b; b++)
        {
            var dst = Output.AsSpan(b * _f, _f);
            if (!_bidirectional)
            {
                input.Slice((b * _t + _t - 1) * _f, _f).CopyTo(dst);
                continue;
            }
            int half = _f / 2;
            input.Slice((b * _t + _t - 1) * _f, half).CopyTo(dst[..half]);
            input.Slice(b * _t * _f + half, half).CopyTo(dst[half..]);
        }
    }

    public override void Backward(ReadOnlySpan<float> input, Span<float> dInput, int threads)
    {
        if (dInput.IsEmpty) return;
        dInput.Clear();
        for (int b = 0; b < _b; b++)
        {
            var src = DOutput.AsSpan(b * _f, _f);
            if (!_bidirectional)
            {
                src.CopyTo(dInput.Slice((b * _t + _t - 1) * _f, _f));
                continue;
            }
            // With T = 1 both halves come from the same step, in different columns: still plain copies.
            int half = _f / 2;
            src[..half].CopyTo(dInput.Slice((b * _t + _t - 1) * _f, half));
            src[half..].CopyTo(dInput.Slice(b * _t * _f + half, half));
        }
    }
}
