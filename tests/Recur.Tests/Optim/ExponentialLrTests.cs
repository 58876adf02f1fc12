// ExponentialLrTests: ExponentialLr's rates over 15 epochs against torch.optim.lr_scheduler.ExponentialLR
// (1.13), resume from saved states, and a state loaded into a different schedule type failing by name.
using Recur.Optim;
using Recur.Tensors;

namespace Recur.Tests.Optim;

public class ExponentialLrTests
{
    public static TheoryData<string> GoldenCases() => OptimGolden.Cases("schedules", "exponential");

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Matches_pytorch(string name) =>
        OptimGolden.ReplaySchedule(name, (opt, o) => new ExponentialLr(opt, OptimGolden.D(o, "gamma", double.NaN)));

    [Fact]
    public void Resumes_from_saved_states() => OptimGolden.AssertScheduleResumes(opt => new ExponentialLr(opt, 0.8));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.5)]
    [InlineData(double.PositiveInfinity)]
    public void Gamma_must_be_finite_and_non_negative(double gamma)
    {
        var opt = new Sgd([Tensor.Zeros(1)], 0.1f);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialLr(opt, gamma));
        Assert.Equal("gamma", e.ParamName);
        Assert.Contains("finite non-negative", e.Message);
    }

    [Fact]
    public void A_plateau_state_does_not_load_into_an_exponential_schedule()
    {
        var opt = new Sgd([Tensor.Zeros(1)], 0.1f);
        var plateau = new ReduceLrOnPlateau(opt).StateDict();
        var message = Assert.Throws<ArgumentException>(() => new ExponentialLr(opt, 0.9).LoadStateDict(plateau)).Message;
        Assert.Contains("num_bad_epochs", message);
        Assert.Contains("cooldown_counter", message);
    }
}
