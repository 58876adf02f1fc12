using Recur.Tensors;
using Recur.Training.Metrics;

namespace Recur.Tests.Training;

public class ConfusionMatrixTests
{
    // Worked by hand: true [0,0,0,1,1,2], predicted [0,1,1,1,0,1] gives rows (true) 0: [1,2,0], 1: [1,1,0], 2: [0,1,0].
    // Accuracy 2/6. Class 0: P = 1/2, R = 1/3, F1 = 2/5. Class 1: P = 1/4, R = 1/2, F1 = 1/3.
    // Class 2: never predicted, P = 0 (zero division), R = 0, F1 = 0 (it occurs as a true class, so it counts in
    // the macro average). Macro F1 = (2/5 + 1/3) / 3 = 11/45.
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

    [Fact]
    public void As_a_metric_it_skips_the_ignored_class_and_has_a_name_of_its_own()
    {
        var m = new ConfusionMatrix(2, ignoreIndex: 1);
        var logits = Tensor.FromArray([2f, -1f, 0.5f, 0.7f, 3f, 1f], 3, 2);   // predicted 0, 1, 0
        m.Update(logits, Tensor.FromArray([0f, 1f, 1f], 3));                 // the two class-1 positions are ignored
        Assert.Equal(1, m.Total);
        Assert.Equal(1.0, m.Result);
        Assert.Equal("confusion_accuracy", m.Name);
        Assert.Equal(-100, new ConfusionMatrix(2).IgnoreIndex);
    }

    [Fact]
    public void The_report_gives_no_figures_for_a_class_in_neither_labels_nor_predictions()
    {
        // Labels {a, b, c}; the data has only a and b, all right. scikit-learn's report lists a and b only.
        var report = Recur.Applications.Classification.ClassificationReport.From(["a", "b", "c"], [0, 1, 0, 1], [0, 1, 0, 1]);
        string text = report.Format();
        Assert.Matches(@"\nc +- +- +- +0\r?\n", text);
        Assert.Contains("(-: a class in neither these labels nor the predictions; the macro averages leave it out", text);
        Assert.Matches(@"macro avg +1\.0000 +1\.0000 +1\.0000", text);
        string json = report.ToJson();
        Assert.Contains("\"a\":{", json);
        Assert.DoesNotContain("\"c\":{", json);
        Assert.Contains("\"labels\":[\"a\",\"b\",\"c\"]", json);
    }

    [Fact]
    public void Macro_averages_skip_classes_that_never_occur_as_scikit_learn_does()
    {
        // Labels {a, b, c}; the data has only a and b, all right: sklearn's macro F1 is 1 (it was 2/3 here).
        var m = new ConfusionMatrix(3);
        m.Add([0, 1, 0, 1], [0, 1, 0, 1]);
        Assert.False(m.Occurs(2));
        Assert.Equal(1.0, m.MacroF1, 12);
        Assert.Equal(1.0, m.MacroPrecision, 12);
        Assert.Equal(1.0, m.MacroRecall, 12);
        Assert.True(double.IsNaN(new ConfusionMatrix(2).MacroF1));
    }

    [Fact]
    public void Nan_logits_rank_highest_as_torch_argmax_has_it()
    {
        // A model whose outputs went to NaN scored every row right: NaN compared false with everything.
        var logits = Tensor.FromArray([float.NaN, float.NaN, float.NaN, 0.1f, float.NaN, 0.2f], 2, 3);
        var targets = Tensor.FromArray([2f, 2f]);
        var accuracy = new Accuracy();
        accuracy.Update(logits, targets);
        Assert.Equal(0.0, accuracy.Result);
        var m = new ConfusionMatrix(3);
        m.Update(logits, targets);
        Assert.Equal(1, m[2, 0]);
        Assert.Equal(1, m[2, 1]);
    }

    [Fact]
    public void Top_k_keeps_every_class_tied_at_the_cut_off_as_in_top_k_does()
    {
        // TensorFlow's in_top_k example (k = 2): [False, True, True].
        var logits = Tensor.FromArray([1.2f, -0.3f, 2.8f, 5.2f, 0.1f, 0f, 0f, 0f, 0f, 0.5f, 0.3f, 0.3f], 3, 4);
        var top2 = new Accuracy(2);
        top2.Update(logits, Tensor.FromArray([0f, 1f, 3f]));
        Assert.Equal(2.0 / 3, top2.Result, 12);
        var top1 = new Accuracy(1); // k = 1 keeps torch.argmax's first maximum
        top1.Update(Tensor.FromArray([5f, 5f, 5f, 5f, 5f, 5f], 2, 3), Tensor.FromArray([0f, 2f]));
        Assert.Equal(0.5, top1.Result, 12);
    }
}
