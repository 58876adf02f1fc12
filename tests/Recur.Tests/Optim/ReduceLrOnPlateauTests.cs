// ReduceLrOnPlateauTests: ReduceLrOnPlateau against torch.optim.lr_scheduler.ReduceLROnPlateau (1.13) on
// fixed metric sequences (min/rel with cooldown, max/abs with a floor, defaults), resume from saved
// states mid-plateau, the required metric, and PyTorch's validation messages.
using Recur.Optim;
using Recur.Tensors;

namespace Recur.Tests.Optim;

public class ReduceLrOnPlateauTests
{
    public static TheoryData<string> GoldenCases() => OptimGolden.Cases("schedules", "plateau");

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Matches_pytorch(string name) =>
        OptimGolden.ReplaySchedule(name, (opt, o) => new ReduceLrOnPlateau(opt, OptimGolden.S(o, "mode", "min"),
            OptimGolden.D(o, "factor", 0.1), OptimGolden.I(o, "patience", 10), OptimGolden.D(o, "threshold", 1e-4),
            OptimGolden.S(o, "thresholdMode", "rel"), OptimGolden.I(o, "cooldown", 0), OptimGolden.D(o, "minLr", 0)));

    [Fact]
    public void Resumes_from_saved_states_mid_plateau()
    {
        double[] metrics = [1, 0.9, 0.95, 0.96, 0.97, 0.98, 0.99, 1.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];
        OptimGolden.AssertScheduleResumes(opt => new ReduceLrOnPlateau(opt, factor: 0.5, patience: 2, cooldown: 2), metrics);
    }

    [Fact]
    public void Step_requires_the_metric_and_leaves_the_state_unchanged_without_it()
    {
        var opt = new Sgd([Tensor.Zeros(1)], 0.1f);
        var sched = new ReduceLrOnPlateau(opt);
        Assert.Equal("metric", Assert.Throws<ArgumentException>(() => sched.Step()).ParamName);
        Assert.Equal(0, sched.LastEpoch);
        Assert.Equal(double.PositiveInfinity, sched.Best);
        sched.Step(2.0);
        Assert.Equal(2.0, sched.Best);
        Assert.Equal(0.1f, sched.LastLr);
    }

    [Fact]
    public void Invalid_settings_use_pytorch_messages()
    {
        var opt = new Sgd([Tensor.Zeros(1)], 0.1f);
        Assert.Equal("Factor should be < 1.0.", Assert.Throws<ArgumentException>(() => new ReduceLrOnPlateau(opt, factor: 1)).Message);
        Assert.Equal("mode median is unknown!", Assert.Throws<ArgumentException>(() => new ReduceLrOnPlateau(opt, "median")).Message);
        Assert.Equal("threshold mode x is unknown!", Assert.Throws<ArgumentException>(() => new ReduceLrOnPlateau(opt, thresholdMode: "x")).Message);
    }
}
