// OptimizerTests: behaviour shared by every optimizer through the Optimizer base: state-dict validation
// names the wrong entries, Step() allocates nothing, parameters without a gradient are skipped, ZeroGrad,
// and validation of the parameter list and learning rate.
using Recur.IO;
using Recur.Optim;
using Recur.Tensors;

namespace Recur.Tests.Optim;

public class OptimizerTests
{
    public static TheoryData<string> Kinds() => ["sgd", "adam", "adamw", "rmsprop", "adagrad"];

    private static Optimizer Make(string kind, IEnumerable<Tensor> ps) => kind switch
    {
        "sgd" => new Sgd(ps, 0.1f, momentum: 0.9f, nesterov: true, weightDecay: 0.1f),
        "adam" => new Adam(ps, 0.01f, weightDecay: 0.1f, amsgrad: true),
        "adamw" => new AdamW(ps, 0.01f, amsgrad: true),
        "rmsprop" => new RmsProp(ps, 0.01f, momentum: 0.9f, centered: true, weightDecay: 0.1f),
        _ => new Adagrad(ps, 0.1f, lrDecay: 0.1f, weightDecay: 0.1f, initialAccumulatorValue: 0.1f),
    };

    private static Tensor[] TwoParameters() => [Tensor.FromArray([1f, 2, 3, 4, 5, 6], 2, 3), Tensor.FromArray([1f, -1, 0.5f, 2], 4)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Step_allocates_nothing(string kind)
    {
        var ps = TwoParameters();
        foreach (var p in ps) p.Grad = Tensor.Full(0.25f, p.ShapeArray);
        var opt = Make(kind, ps);
        for (int i = 0; i < 5; i++) opt.Step(); // warm up (JIT, tiering)
        TestUtil.AssertNoSteadyAllocation(opt.Step, 20, $"{kind}.Step");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Loading_a_wrong_state_names_the_wrong_entries_and_changes_nothing(string kind)
    {
        var ps = TwoParameters();
        foreach (var p in ps) p.Grad = Tensor.Full(0.5f, p.ShapeArray);
        var opt = Make(kind, ps);
        opt.Step();
        var good = opt.StateDict();
        string buffer = good.Keys.First(k => k.EndsWith(".1", StringComparison.Ordinal) && !k.StartsWith("step", StringComparison.Ordinal));

        var missing = new Dictionary<string, NdArray>(good);
        missing.Remove(buffer);
        Assert.Contains(buffer, Assert.Throws<ArgumentException>(() => opt.LoadStateDict(missing)).Message);

        var extra = new Dictionary<string, NdArray>(good) { ["exp_avg.7"] = NdArray.FromFloat32([1f], [1]) };
        Assert.Contains("exp_avg.7", Assert.Throws<ArgumentException>(() => opt.LoadStateDict(extra)).Message);

        var misshaped = new Dictionary<string, NdArray>(good) { [buffer] = NdArray.FromFloat32(new float[5], [5]) };
        misshaped["lr"] = NdArray.FromFloat32([123f], [1]);
        var message = Assert.Throws<ArgumentException>(() => opt.LoadStateDict(misshaped)).Message;
        Assert.Contains(buffer, message);
        Assert.Contains("[5]", message);
        Assert.NotEqual(123f, opt.Lr);

        var otherKind = Make(kind == "sgd" ? "adam" : "sgd", TwoParameters());
        Assert.Throws<ArgumentException>(() => otherKind.LoadStateDict(good));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void State_holds_lr_steps_and_one_buffer_per_parameter_shape(string kind)
    {
        var ps = TwoParameters();
        var opt = Make(kind, ps);
        ps[0].Grad = Tensor.Full(0.5f, 2, 3); // parameter 1 has no gradient: skipped
        float[] untouched = ps[1].ToArray();
        opt.Step();
        Assert.Equal(untouched, ps[1].ToArray());
        var state = opt.StateDict();
        Assert.Equal(1L, state["step"].AsInt64()[0]);
        Assert.Equal(1L, state["step.0"].AsInt64()[0]);
        Assert.Equal(0L, state["step.1"].AsInt64()[0]);
        Assert.Equal(opt.Lr, state["lr"].AsFloat32()[0]);
        foreach (var (name, value) in state)
            if (!name.StartsWith("step", StringComparison.Ordinal) && name != "lr")
                Assert.Equal(ps[name.EndsWith(".0", StringComparison.Ordinal) ? 0 : 1].ShapeArray, value.ShapeArray);
    }

    [Fact]
    public void Validation_uses_pytorch_messages()
    {
        var p = Tensor.Zeros(2);
        Assert.Equal("optimizer got an empty parameter list", Assert.Throws<ArgumentException>(() => new Sgd([], 0.1f)).Message);
        Assert.Equal("Invalid learning rate: -1", Assert.Throws<ArgumentException>(() => new Sgd([p], -1f)).Message);
        Assert.Contains("same parameter twice", Assert.Throws<ArgumentException>(() => new Adam([p, p])).Message);
        var opt = new AdamW([p]);
        Assert.Throws<ArgumentException>(() => opt.Lr = float.NaN);
        p.Grad = Tensor.Zeros(3);
        Assert.Contains("gradient has shape [3]", Assert.Throws<InvalidOperationException>(opt.Step).Message);
        Assert.Equal(0, opt.StepCount);
    }

    [Fact]
    public void ZeroGrad_clears_or_drops_gradients()
    {
        var ps = TwoParameters();
        foreach (var p in ps) p.Grad = Tensor.Full(3f, p.ShapeArray);
        var opt = new Sgd(ps, 0.1f);
        opt.ZeroGrad();
        Assert.All(ps, p => Assert.All(p.Grad!.ToArray(), v => Assert.Equal(0f, v)));
        opt.ZeroGrad(setToNull: true);
        Assert.All(ps, p => Assert.Null(p.Grad));
        Assert.Equal(ps, opt.Parameters);
    }

    [Fact]
    public void Settings_that_lead_to_nan_or_infinity_are_refused()
    {
        var p = Tensor.Zeros(2);
        Assert.Equal("Invalid epsilon value: 0", Assert.Throws<ArgumentException>(() => new Adam([p], eps: 0f)).Message);
        Assert.Equal("Invalid epsilon value: 0", Assert.Throws<ArgumentException>(() => new RmsProp([p], eps: 0f)).Message);
        Assert.Equal("Invalid epsilon value: NaN", Assert.Throws<ArgumentException>(() => new Adagrad([p], eps: float.NaN)).Message);
        Assert.Equal("Invalid alpha value: 2", Assert.Throws<ArgumentException>(() => new RmsProp([p], alpha: 2f)).Message);
        Assert.StartsWith("Invalid learning rate: ", Assert.Throws<ArgumentException>(() => new Adam([p], lr: float.PositiveInfinity)).Message);
        Assert.StartsWith("Invalid weight_decay value: ", Assert.Throws<ArgumentException>(() => new Sgd([p], 0.1f, weightDecay: float.PositiveInfinity)).Message);
        var sgd = new Sgd([p], 0.1f);
        Assert.Throws<ArgumentException>(() => sgd.Lr = float.PositiveInfinity);
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepLr(sgd, 1, double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineWithWarmup(sgd, 0, 5, minLr: double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLrOnPlateau(sgd, threshold: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLrOnPlateau(sgd, threshold: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLrOnPlateau(sgd, eps: double.NaN));
    }

    [Fact]
    public void A_huge_gradient_still_moves_adam_and_rmsprop()
    {
        // (1 - b2) g g in PyTorch's order: g g first overflowed to +inf for |g| > 1.8e19 and froze the weight for good.
        foreach (var (make, expected) in new (Func<Tensor, Optimizer>, float)[]
        {
            (p => new Adam([p]), -1e-3f), (p => new AdamW([p], weightDecay: 0f), -1e-3f), (p => new RmsProp([p]), -0.1f),
        })
        {
            var p = Tensor.Zeros(8);
            var opt = make(p);
            p.Grad = Tensor.Full(1e20f, 8);
            opt.Step();
            Assert.All(p.ToArray(), v => Assert.Equal(expected, v, 1e-6f));
            p.Grad = Tensor.Full(1f, 8);
            opt.Step();
            Assert.All(p.ToArray(), v => Assert.True(float.IsFinite(v) && v < expected, $"{opt.GetType().Name}: {v}"));
        }
    }
}
