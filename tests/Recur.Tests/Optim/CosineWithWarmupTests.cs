// CosineWithWarmupTests: the documented warm-up + cosine formula against PyTorch's LambdaLR running the
// same formula (goldens), hand-checked points, resume from saved states, and validation.
using Recur.Optim;
using Recur.Tensors;

namespace Recur.Tests.Optim;

public class CosineWithWarmupTests
{
    public static TheoryData<string> GoldenCases() => OptimGolden.Cases("schedules", "cosine");

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Matches_pytorch_lambda_lr(string name) =>
        OptimGolden.ReplaySchedule(name, (opt, o) => new CosineWithWarmup(opt, OptimGolden.I(o, "warmupSteps", -1),
            OptimGolden.I(o, "totalSteps", -1), OptimGolden.D(o, "minLr", 0)));

    [Fact]
    public void Warms_up_linearly_from_zero_then_reaches_the_floor()
    {
        var opt = new Sgd([Tensor.Zeros(1)], 1f);
        var sched = new CosineWithWarmup(opt, warmupSteps: 4, totalSteps: 8, minLr: 0.1);
        Assert.Equal(0f, opt.Lr);
        float[] expected = [0.25f, 0.5f, 0.75f, 1f, 0.1f + 0.9f * 0.5f * (1 + MathF.Cos(MathF.PI / 4)), 0.55f];
        foreach (float lr in expected)
        {
            sched.Step();
            Assert.Equal(lr, opt.Lr, 6);
        }
        sched.Step();
        sched.Step();
        Assert.Equal(0.1f, opt.Lr, 6); // epoch 8 = total
        sched.Step();
        Assert.Equal(0.1f, opt.Lr, 6); // stays at the floor
    }

    [Fact]
    public void Resumes_from_saved_states() => OptimGolden.AssertScheduleResumes(opt => new CosineWithWarmup(opt, 3, 10, 0.01));

    [Fact]
    public void Invalid_settings_are_named()
    {
        var opt = new Sgd([Tensor.Zeros(1)], 0.1f);
        Assert.Equal("totalSteps", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineWithWarmup(opt, 5, 5)).ParamName);
        Assert.Equal("warmupSteps", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineWithWarmup(opt, -1, 5)).ParamName);
        Assert.Equal("minLr", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineWithWarmup(opt, 1, 5, -1)).ParamName);
    }
}
