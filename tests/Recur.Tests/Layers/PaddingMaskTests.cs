using Recur.Data;
using Recur.Layers;
using Recur.Losses;
using Recur.Optim;
using Recur.Tensors;
using Recur.Training;

namespace Recur.Tests.Layers;

public class PaddingMaskTests
{
    private static readonly int[][] Texts = [[3, 5, 2, 7, 1], [4, 1], [6, 6, 2], [2]];

    private static Sequential Model(bool mask, bool bidirectional) => new(
        new Embedding(8, 4, paddingIndex: 0, generator: new Generator(1), maskPadding: mask),
        new Gru(4, 5, numLayers: 2, batchFirst: true, bidirectional: bidirectional, generator: new Generator(2)),
        new LastTimeStep(bidirectional),
        new Linear(bidirectional ? 10 : 5, 3, generator: new Generator(3)));

    private static Tensor Ids(int[] text) => Tensor.FromArray(text.Select(v => (float)v).ToArray(), 1, text.Length);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_masked_padded_batch_gives_each_sample_what_it_gives_alone(bool bidirectional)
    {
        // Keras' mask_zero: padded steps do not exist for the recurrent layers and the last step is the last real one.
        var ids = Padding.PadSequences(Texts, padValue: 0).AsTensor();
        var masked = Model(mask: true, bidirectional).Forward(ids).ToArray();
        var plain = Model(mask: false, bidirectional);
        for (int s = 0; s < Texts.Length; s++)
        {
            var alone = plain.Forward(Ids(Texts[s])).ToArray();
            TestUtil.AssertClose(alone, masked.AsSpan(s * 3, 3), 1e-6, 1e-5, $"sample {s}");
        }
        // Without the mask, the short samples read their padding: their outputs differ.
        var unmasked = Model(mask: false, bidirectional).Forward(ids).ToArray();
        Assert.NotEqual(masked.AsSpan(3, 3).ToArray(), unmasked.AsSpan(3, 3).ToArray());
    }

    [Fact]
    public void Last_step_by_length_never_reads_the_padding()
    {
        // NaN or infinite values past a length reach neither the result nor the gradient.
        var x = Tensor.FromArray([1f, 2f, float.NaN, 3f, float.PositiveInfinity, 4f], 2, 3, 1).RequireGrad();
        var y = new LastTimeStep().Forward(x, [2, 1]);
        Assert.Equal(new[] { 2f, 3f }, y.ToArray());
        y.Sum().Backward();
        Assert.Equal(new[] { 0f, 1f, 0f, 1f, 0f, 0f }, x.Grad!.ToArray());
    }

    [Fact]
    public void Last_step_by_length_has_finite_difference_gradients() =>
        TestUtil.AssertGradCheck(t => new LastTimeStep(bidirectional: true).Forward(t[0], [3, 1]).Tanh(), TestUtil.Rand(new Generator(4), 2, 3, 4));

    [Fact]
    public void Fit_trains_a_masked_model_on_the_tape_and_plans_decline_it()
    {
        var x = Padding.PadSequences(Texts, padValue: 0).AsTensor();
        var y = Tensor.FromArray([0f, 1f, 2f, 1f], 4);
        var model = Model(mask: true, bidirectional: true);
        Assert.False(TrainingPlan.TryCreate(model, new CrossEntropyLoss(), x.ShapeArray, out _, out string? reason));
        Assert.Contains("padding masks", reason);
        Assert.False(Recur.Inference.InferencePlan.TryCreate(model, x.ShapeArray, out _, out _));
        model.Compile(new CrossEntropyLoss(), new Adam(model.Parameters(), lr: 0.05f), "accuracy");
        // Predict goes through the mask too: its outputs equal Forward's (evaluation mode), sample by sample alone.
        model.Eval();
        var forward = model.Forward(x).ToArray();
        model.Train();
        Assert.Equal(forward, model.Predict(x).ToArray());
        var history = model.Fit(x, y, epochs: 30, batchSize: 4, generator: new Generator(5));
        Assert.True(history["loss"][^1] < history["loss"][0] * 0.5, $"loss {history["loss"][0]} -> {history["loss"][^1]}");
        Assert.Equal(1.0, model.Evaluate(x, y)["accuracy"]);
    }

    [Fact]
    public void Bad_padding_and_layouts_are_named()
    {
        var model = Model(mask: true, bidirectional: false);
        var pre = Assert.Throws<ArgumentException>(() => model.Forward(Tensor.FromArray([0f, 0f, 3f, 4f], 1, 4)));
        Assert.Contains("sample 0 is all padding", Assert.Throws<ArgumentException>(() => model.Forward(Tensor.FromArray([0f, 0f], 1, 2))).Message);
        var hole = Assert.Throws<ArgumentException>(() => model.Forward(Tensor.FromArray([3f, 0f, 4f], 1, 3)));
        Assert.Contains("padding (token 0) at step 1 before a real token at step 2", hole.Message);
        Assert.Contains("post-padding", hole.Message);
        Assert.Contains("sample 0 starts with padding (token 0) before its first real token at step 2 (pre-padding", pre.Message);
        Assert.Contains("post-padding", pre.Message);
        Assert.Contains("needs a paddingIndex", Assert.Throws<ArgumentException>(() => new Embedding(5, 2, maskPadding: true)).Message);

        var timeMajor = new Sequential(new Embedding(8, 4, paddingIndex: 0, maskPadding: true), new Lstm(4, 3));
        Assert.Contains("batchFirst: true", Assert.Throws<ArgumentException>(() => timeMajor.Forward(Tensor.FromArray([1f, 2f], 1, 2))).Message);

        var conv = new Sequential(new Embedding(8, 4, paddingIndex: 0, maskPadding: true), new Conv1d(3, 4, 2));
        Assert.Contains("passes only through recurrent layers", Assert.Throws<ArgumentException>(() => conv.Forward(Tensor.FromArray([1f, 2f, 3f], 1, 3))).Message);
        // A convolution that keeps the shape (T channels in and out) would mix padded steps into real ones: refused too.
        var sameShape = new Sequential(new Embedding(8, 4, paddingIndex: 0, maskPadding: true), new Conv1d(3, 3, 1), new Gru(4, 5, batchFirst: true));
        Assert.Contains("move it after the LastTimeStep", Assert.Throws<ArgumentException>(() => sameShape.Forward(Tensor.FromArray([1f, 2f, 3f], 1, 3))).Message);
        Assert.Equal("Embedding(8, 4, padding_idx=0, mask_padding=True)", new Embedding(8, 4, paddingIndex: 0, maskPadding: true).ToString());
    }
}
