// Tests of CrossEntropyLoss: gradients for class-index and probability targets over every reduction,
// with ignore index, label smoothing and a sequence mask; the forward against a double-precision
// reference; int[] and float targets agree; stability; the fused node; and every bad-input error.
using Recur.Losses;
using Recur.Tensors;

namespace Recur.Tests.Losses;

public class CrossEntropyLossTests
{
    private static readonly float[] Classes5 = [0, 3, 1, 4, 2, 3];

    public static TheoryData<Reduction, float, int> IndexOptions()
    {
        var data = new TheoryData<Reduction, float, int>();
        foreach (var reduction in new[] { Reduction.Mean, Reduction.Sum, Reduction.None })
            foreach (var smoothing in new[] { 0f, 0.2f })
                foreach (var ignore in new[] { -100, 3 })
                    data.Add(reduction, smoothing, ignore);
        return data;
    }

    [Theory]
    [MemberData(nameof(IndexOptions))]
    public void Index_targets_gradients_match_finite_differences(Reduction reduction, float smoothing, int ignore)
    {
        var logits = Tensor.Uniform(new Generator(401), -2f, 2f, 6, 5).RequireGrad();
        var target = Tensor.FromArray(Classes5);
        var loss = new CrossEntropyLoss(ignore, smoothing, reduction);
        TestUtil.AssertGradCheck(t => loss.Compute(t[0], target), logits);
    }

    [Theory]
    [MemberData(nameof(IndexOptions))]
    public void Masked_sequence_gradients_match_finite_differences(Reduction reduction, float smoothing, int ignore)
    {
        var logits = Tensor.Uniform(new Generator(402), -2f, 2f, 2, 3, 5).RequireGrad();
        var target = Tensor.FromArray(Classes5, 2, 3);
        var mask = Tensor.FromArray([1f, 1f, 0f, 1f, 0f, 0f], 2, 3);
        var loss = new CrossEntropyLoss(ignore, smoothing, reduction);
        TestUtil.AssertGradCheck(t => loss.Compute(t[0], target, mask), logits);
    }

    [Theory]
    [InlineData(Reduction.Mean, 0f, false)]
    [InlineData(Reduction.Sum, 0f, false)]
    [InlineData(Reduction.None, 0f, false)]
    [InlineData(Reduction.Mean, 0.1f, false)]
    [InlineData(Reduction.None, 0.3f, true)]
    [InlineData(Reduction.Mean, 0.1f, true)]
    public void Probability_targets_gradients_match_finite_differences(Reduction reduction, float smoothing, bool masked)
    {
        var g = new Generator(403);
        var logits = Tensor.Uniform(g, -2f, 2f, 2, 3, 4).RequireGrad();
        var probabilities = Tensor.Uniform(g, -1f, 1f, 2, 3, 4).Softmax(-1).Detach().RequireGrad();
        var mask = masked ? Tensor.FromArray([1f, 0f, 1f, 1f, 1f, 0f], 2, 3) : null;
        var loss = new CrossEntropyLoss(labelSmoothing: smoothing, reduction: reduction);
        TestUtil.AssertGradCheck(t => loss.Compute(t[0], t[1], mask), logits, probabilities);
    }

    [Theory]
    [MemberData(nameof(IndexOptions))]
    public void Index_forward_matches_double_reference(Reduction reduction, float smoothing, int ignore)
    {
        var logits = Tensor.Uniform(new Generator(404), -3f, 3f, 2, 3, 5);
        var mask = Tensor.FromArray([1f, 0f, 1f, 1f, 1f, 1f], 2, 3);
        var per = new double[6];
        int count = 0;
        for (int r = 0; r < 6; r++)
        {
            int t = (int)Classes5[r];
            if (t == ignore || r == 1) continue;
            count++;
            var lp = LogSoftmax(logits.ReadOnlyData.Slice(r * 5, 5));
            double all = 0;
            foreach (var v in lp) all += v;
            per[r] = -(1 - smoothing) * lp[t] - smoothing / 5.0 * all;
        }
        var result = new CrossEntropyLoss(ignore, smoothing, reduction).Compute(logits, Tensor.FromArray(Classes5, 2, 3), mask);
        double sum = 0;
        foreach (var v in per) sum += v;
        double[] expected = reduction switch { Reduction.None => per, Reduction.Sum => [sum], _ => [sum / count] };
        LossTestData.AssertLoss(expected, result, reduction, [2, 3]);
    }

    [Fact]
    public void Probability_forward_matches_double_reference()
    {
        var g = new Generator(405);
        var logits = Tensor.Uniform(g, -3f, 3f, 3, 4);
        var q = Tensor.Uniform(g, 0f, 1f, 3, 4);
        const float eps = 0.2f;
        double sum = 0;
        for (int r = 0; r < 3; r++)
        {
            var lp = LogSoftmax(logits.ReadOnlyData.Slice(r * 4, 4));
            for (int c = 0; c < 4; c++) sum -= ((1 - eps) * q.GetValue(r, c) + eps / 4.0) * lp[c];
        }
        var result = new CrossEntropyLoss(labelSmoothing: eps).Compute(logits, q);
        Assert.Equal(sum / 3, result.Item(), 1e-5);
    }

    [Fact]
    public void Int_array_targets_equal_float_targets_in_values_and_gradients()
    {
        var a = Tensor.Uniform(new Generator(406), -2f, 2f, 2, 3, 5).RequireGrad();
        var b = a.Detach().Clone().RequireGrad();
        var mask = Tensor.FromArray([1f, 1f, 1f, 0f, 1f, 1f], 2, 3);
        var loss = new CrossEntropyLoss(ignoreIndex: 4, labelSmoothing: 0.1f);
        var viaTensor = loss.Compute(a, Tensor.FromArray(Classes5, 2, 3), mask);
        var viaArray = loss.Compute(b, [0, 3, 1, 4, 2, 3], mask);
        Assert.Equal(viaTensor.Item(), viaArray.Item());
        viaTensor.Backward();
        viaArray.Backward();
        Assert.Equal(a.Grad!.ToArray(), b.Grad!.ToArray());
        Assert.Equal("CrossEntropyLossBackward", viaTensor.GradFnName);
    }

    [Fact]
    public void Large_logits_are_stable()
    {
        var logits = Tensor.FromArray([1000f, 0f, -1000f, -1000f, 1000f, 0f], 2, 3).RequireGrad();
        var result = new CrossEntropyLoss(reduction: Reduction.None).Compute(logits, [0, 2]);
        Assert.Equal([0f, 1000f], result.ToArray());
        result.Sum().Backward();
        Assert.Equal([0f, 0f, 0f, 0f, 1f, -1f], logits.Grad!.ToArray());
    }

    [Fact]
    public void All_positions_excluded_give_nan_mean_and_zero_sum()
    {
        var logits = Tensor.Zeros(2, 3).RequireGrad();
        Assert.True(float.IsNaN(new CrossEntropyLoss(ignoreIndex: 1).Compute(logits, [1, 1]).Item()));
        var sum = new CrossEntropyLoss(ignoreIndex: 1, reduction: Reduction.Sum).Compute(logits, [1, 1]);
        Assert.Equal(0f, sum.Item());
        sum.Backward();
        Assert.Equal(new float[6], logits.Grad!.ToArray());
    }

    [Fact]
    public void Target_out_of_bounds_names_the_index_and_the_class_count()
    {
        var loss = new CrossEntropyLoss();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => loss.Compute(Tensor.Zeros(2, 4), Tensor.FromArray([1f, 7f])));
        Assert.Contains("Target 7 is out of bounds", e.Message);
        Assert.Contains("C = 4", e.Message);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => loss.Compute(Tensor.Zeros(2, 4), [-1, 0]));
        Assert.Contains("Target -1 is out of bounds", negative.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => loss.Compute(Tensor.Zeros(1, 4), Tensor.FromArray([3e10f])));
    }

    [Fact]
    public void Masked_positions_are_not_checked()
    {
        var mask = Tensor.FromArray([1f, 0f]);
        var result = new CrossEntropyLoss().Compute(Tensor.Zeros(2, 4), Tensor.FromArray([1f, 99f]), mask);
        Assert.Equal(MathF.Log(4f), result.Item(), 1e-6f);
    }

    [Fact]
    public void Non_integer_targets_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new CrossEntropyLoss().Compute(Tensor.Zeros(2, 4), Tensor.FromArray([1f, 1.5f])));
        Assert.Contains("integer", e.Message);
        Assert.Contains("1.5", e.Message);
        Assert.Throws<ArgumentException>(() => new CrossEntropyLoss().Compute(Tensor.Zeros(1, 4), Tensor.FromArray([float.NaN])));
    }

    [Fact]
    public void Shape_errors_name_both_shapes()
    {
        var loss = new CrossEntropyLoss();
        var batch = Assert.Throws<ArgumentException>(() => loss.Compute(Tensor.Zeros(3, 4), Tensor.Zeros(2)));
        Assert.Contains("Expected input batch_size (3) to match target batch_size (2)", batch.Message);
        Assert.Contains("[3, 4]", batch.Message);
        var sequence = Assert.Throws<ArgumentException>(() => loss.Compute(Tensor.Zeros(2, 3, 4), Tensor.Zeros(2, 4)));
        Assert.Contains("[2, 3, 4]", sequence.Message);
        Assert.Contains("[2, 4]", sequence.Message);
        var array = Assert.Throws<ArgumentException>(() => loss.Compute(Tensor.Zeros(2, 3, 4), [0, 1, 2]));
        Assert.Contains("3 targets", array.Message);
        Assert.Contains("6 positions", array.Message);
        var mask = Assert.Throws<ArgumentException>(() => loss.Compute(Tensor.Zeros(2, 3, 4), Tensor.Zeros(2, 3), Tensor.Ones(3, 2)));
        Assert.Contains("mask shape [3, 2]", mask.Message);
        Assert.Throws<ArgumentException>(() => loss.Compute(Tensor.Scalar(1f), Tensor.Scalar(0f)));
        Assert.Throws<ArgumentException>(() => loss.Compute(Tensor.Zeros(2, 0), Tensor.Zeros(2)));
    }

    [Fact]
    public void Mask_values_must_be_zero_or_one()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new CrossEntropyLoss().Compute(Tensor.Zeros(2, 4), Tensor.Zeros(2), Tensor.FromArray([1f, 0.5f])));
        Assert.Contains("0 or 1", e.Message);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void Label_smoothing_outside_zero_one_is_rejected(float smoothing)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new CrossEntropyLoss(labelSmoothing: smoothing));
        Assert.Contains("label_smoothing must be between 0.0 and 1.0", e.Message);
    }

    private static double[] LogSoftmax(ReadOnlySpan<float> row)
    {
        double max = double.NegativeInfinity, sum = 0;
        foreach (var v in row) max = Math.Max(max, v);
        foreach (var v in row) sum += Math.Exp(v - max);
        var result = new double[row.Length];
        for (int i = 0; i < row.Length; i++) result[i] = row[i] - max - Math.Log(sum);
        return result;
    }
}
