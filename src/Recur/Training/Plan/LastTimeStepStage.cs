// LastTimeStepStage: [B, T, F] -> [B, F], the last step of each batch-first sequence.
namespace Recur.Training.Plan;

internal sealed class LastTimeStepStage : PlanStage
{
    private readonly int _b, _t, _f;

    public LastTimeStepStage(int[] inputShape, bool training)
        : base(inputShape, [inputShape[0], inputShape[2]], training)
    {
        (_b, _t, _f) = (inputShape[0], inputShape[1], inputShape[2]);
    }

    public override void Forward(ReadOnlySpan<float> input, int threads)
    {
        for (int b = 0; b < _b; b++)
            input.Slice((b * _t + _t - 1) * _f, _f).CopyTo(Output.AsSpan(b * _f, _f));
    }

    public override void Backward(ReadOnlySpan<float> input, Span<float> dInput, int threads)
    {
        if (dInput.IsEmpty) return;
        dInput.Clear();
        for (int b = 0; b < _b; b++)
            DOutput.AsSpan(b * _f, _f).CopyTo(dInput.Slice((b * _t + _t - 1) * _f, _f));
    }
}
