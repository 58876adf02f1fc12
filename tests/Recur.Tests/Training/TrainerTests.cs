using Recur.Optim;
using Recur.Tensors;
using Recur.Training;

namespace Recur.Tests.Training;

public class TrainerTests
{
    [Theory]
    [InlineData(float.NaN, null, "NaN")]
    [InlineData(float.PositiveInfinity, null, "infinite")]
    [InlineData(float.NaN, 1f, "NaN")]
    public void Non_finite_gradients_with_a_finite_loss_stop_before_the_optimizer_step(float bad, float? clip, string named)
    {
        // A square root at 0 or an overflow in backward gives such gradients: the step must not write them into the weights.
        var p = Tensor.FromArray([1f, 2f]).RequireGrad();
        var trainer = new Trainer([new("w", p)], new Adam([p], lr: 0.1f)) { ClipGradNorm = clip };
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Run(1, _ => new[] { 0, 1 }, _ =>
        {
            p.Grad = Tensor.FromArray([0.5f, bad]);
            return new StepResult(Tensor.Scalar(1f), 1, GradientsReady: true);
        }));
        Assert.Contains($"gradients became {named} at epoch 1, batch 1 (step 1) though the loss was finite (1)", e.Message);
        Assert.DoesNotContain("checkpoint", e.Message); // none was written or resumed from
        Assert.Equal(new[] { 1f, 2f }, p.ToArray());
    }
}
