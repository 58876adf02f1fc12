// TaskCallbacks: Ctrl-C stops after the current batch, and the stop reason mentions a checkpoint to resume
// from only when the run writes one (four train commands said so and had none).
using Recur.Optim;
using Recur.Tasks;
using Recur.Tensors;
using Recur.Training;

namespace Recur.Tests.Tasks;

public class TaskCallbacksTests
{
    [Theory]
    [InlineData(true, "a checkpoint was written; continue with --resume")]
    [InlineData(false, "the model so far is scored and saved")]
    public void Ctrl_c_names_a_checkpoint_only_when_there_is_one(bool checkpointed, string expected)
    {
        var p = Tensor.Zeros(1);
        var context = new Trainer([new("p", p)], new Sgd([p], 0.1f)).Context;
        using var cancel = new CancellationTokenSource();
        var callback = new CancelCallback(cancel.Token, checkpointed);
        callback.OnBatchEnd(context, 0, 0);
        Assert.False(context.StopTraining);
        cancel.Cancel();
        callback.OnBatchEnd(context, 1, 0);
        Assert.True(context.StopTraining);
        Assert.Equal($"interrupted (Ctrl-C): {expected}", context.StopReason);
    }
}
