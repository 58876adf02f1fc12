using Recur.Tensors;
using Recur.Training.Metrics;

namespace Recur.Tests.Training;

public class ConfusionMatrixTests
{
    // Worked by hand: true [0,0,0,1,1,2], predicted [0,1,1,1,0,1] gives rows (true) 0: [1,2,0], 1: [1,1,0], 2: [0,1,0].
    // Accuracy 2/6. Class 0: P = 1/2, R = 1/3, F1 = 2/5. Class 1: P = 1/4, R = 1/2, F1 = 1/3.
    // Class 2: never predicted, P = 0 (zero division), R = 0, F1 = 0. Macro F1 = (2/5 + 1/3) / 3 = 11/45.
    [Fact]
    public void Figures_match_a_hand_worked_example()
    {
        var m = new ConfusionMatrix(3);
        m.Add([0, 0, 0, 1, 1, 2], [0, 1, 1, 1, 0, 1]);
        Assert.Equal(6, m.Total);
        long[,] expected = { { 1, 2, 0 }, { 1, 1, 0 }, { 0, 1, 0 } };
        for (int a = 0; a < 3; a++)
            for (int p = 0; p < 3; p++)
                Assert.Equal(expected[a, p], m[a, p]);
        Assert.Equal(2.0 / 6, m.Accuracy, 12);
        Assert.Equal(1.0 / 2, m.Precision(0), 12);
        Assert.Equal(1.0 / 3, m.Recall(0), 12);
        Assert.Equal(2.0 / 5, m.F1(0), 12);
        Assert.Equal(1.0 / 4, m.Precision(1), 12);
        Assert.Equal(1.0 / 2, m.Recall(1), 12);
        Assert.Equal(1.0 / 3, m.F1(1), 12);
        Assert.Equal(0, m.Precision(2));
        Assert.Equal(0, m.Recall(2));
        Assert.Equal(0, m.F1(2));
        Assert.Equal(11.0 / 45, m.MacroF1, 12);
        Assert.Equal(3, m.Support(0));
        Assert.Equal(4, m.Predicted(1));
    }

    [Fact]
    public void Update_takes_the_arg_max_of_logits_and_reset_forgets()
    {
        var m = new ConfusionMatrix(2);
        var logits = Tensor.FromArray([2f, -1f, 0.5f, 0.7f, 3f, 1f], 3, 2);   // predicted 0, 1, 0
        m.Update(logits, Tensor.FromArray([0f, 0f, 1f], 3));
        Assert.Equal(1, m[0, 0]);
        Assert.Equal(1, m[0, 1]);
        Assert.Equal(1, m[1, 0]);
        Assert.Equal(0, m[1, 1]);
        Assert.Equal(1.0 / 3, m.Result, 12);
        m.Reset();
        Assert.Equal(0, m.Total);
        Assert.True(double.IsNaN(m.Accuracy));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Add(2, 0));
    }
}
