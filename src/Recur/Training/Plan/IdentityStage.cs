// IdentityStage: a layer that is the identity in this plan (dropout with p = 0 or in evaluation mode).
namespace Recur.Training.Plan;

internal sealed class IdentityStage(int[] shape, bool training) : PlanStage(shape, shape, training)
{
    public override void Forward(ReadOnlySpan<float> input, int threads) => input.CopyTo(Output);

    public override void Backward(ReadOnlySpan<float> input, Span<float> dInput, int threads)
    {
        if (!dInput.IsEmpty) DOutput.AsSpan().CopyTo(dInput);
    }
}
