// StepLrTests: StepLr's rates over 15 epochs against torch.optim.lr_scheduler.StepLR (1.13), resume from
// saved optimizer + schedule states, and validation.
using Recur.Optim;
using Recur.Tensors;

namespace Recur.Tests.Optim;

public class StepLrTests
{
    public static TheoryData<string> GoldenCases() => OptimGolden.Cases("schedules", "step");

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Matches_pytorch(string name) =>
        OptimGolden.ReplaySchedule(name, (opt, o) => new StepLr(opt, OptimGolden.I(o, "stepSize", 0), OptimGolden.D(o, "gamma", 0.1)));

    [Fact]
    public void Resumes_from_saved_states() => OptimGolden.AssertScheduleResumes(opt => new StepLr(opt, 4, 0.5));

    [Fact]
    public void Invalid_settings_are_named()
    {
        var opt = new Sgd([Tensor.Zeros(1)], 0.1f);
        Assert.Equal("stepSize", Assert.Throws<ArgumentOutOfRangeException>(() => new StepLr(opt, 0)).ParamName);
        Assert.Equal("gamma", Assert.Throws<ArgumentOutOfRangeException>(() => new StepLr(opt, 2, double.NaN)).ParamName);
    }
}
