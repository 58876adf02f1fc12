using Recur.Demos;

namespace Recur.Tests.Demos;

public class AddingDemoTests
{
    [Fact]
    public void Short_training_beats_the_mean_baseline_and_repeats_for_a_seed()
    {
        var options = new AddingDemoOptions { Length = 10, Hidden = 16, Batch = 32, MaxSteps = 300, LearningRate = 0.01f, TestSequences = 256, Minutes = 5 };
        var lines = new List<string>();
        var r = AddingDemo.Run(options, lines.Add);
        Assert.Equal(300, r.Steps);
        Assert.Equal(3, lines.Count);
        Assert.True(r.TestMse < 0.5 * r.BaselineMse, $"test MSE {r.TestMse} vs baseline {r.BaselineMse}");
        Assert.Equal(5, r.Samples.Count);
        Assert.Contains("\"task\":\"adding\"", r.ToJson());
        var again = AddingDemo.Run(options);
        Assert.Equal(r.TestMse, again.TestMse);
    }
}
