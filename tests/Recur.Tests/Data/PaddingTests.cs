// PaddingTests: padded ids, feature blocks, lengths and masks on hand-checked cases, truncation by maxLength,
// and clear errors for bad inputs.
using Recur.Data;
using Recur.Tensors;

namespace Recur.Tests.Data;

public class PaddingTests
{
    [Fact]
    public void Int_sequences_pad_to_the_longest_with_lengths_and_mask()
    {
        var p = Padding.PadSequences([[5, 6, 7], [8], [9, 10]], padValue: -1);
        Assert.Equal(3, p.Batch);
        Assert.Equal(3, p.Steps);
        Assert.Equal(new[] { 3, 1, 2 }, p.Lengths);
        Assert.Equal(new[] { 5, 6, 7, 8, -1, -1, 9, 10, -1 }, p.Data);
        Assert.Equal(10, p[2, 1]);
        var mask = p.Mask();
        Assert.Equal(new[] { 3, 3 }, mask.ShapeArray);
        Assert.Equal(new[] { 1f, 1f, 1f, 1f, 0f, 0f, 1f, 1f, 0f }, mask.ToArray());
        var t = p.AsTensor();
        Assert.Equal(new[] { 3, 3 }, t.ShapeArray);
        Assert.Equal(new[] { 5f, 6f, 7f, 8f, -1f, -1f, 9f, 10f, -1f }, t.ToArray());
    }

    [Fact]
    public void MaxLength_truncates_at_the_end_and_pads_shorter_ones()
    {
        var p = Padding.PadSequences([[1, 2, 3, 4], [5]], maxLength: 2);
        Assert.Equal(2, p.Steps);
        Assert.Equal(new[] { 2, 1 }, p.Lengths);
        Assert.Equal(new[] { 1, 2, 5, 0 }, p.Data);
        var q = Padding.PadSequences([[1], []], maxLength: 3);
        Assert.Equal(new[] { 1, 0, 0, 0, 0, 0 }, q.Data);
        Assert.Equal(new[] { 1f, 0f, 0f, 0f, 0f, 0f }, q.Mask().ToArray());
    }

    [Fact]
    public void Feature_sequences_pad_to_B_T_F()
    {
        float[,] a = { { 1, 2 }, { 3, 4 }, { 5, 6 } };
        float[,] b = { { 7, 8 } };
        var (x, lengths) = Padding.PadSequences([a, b], padValue: 0.5f);
        Assert.Equal(new[] { 2, 3, 2 }, x.ShapeArray);
        Assert.Equal(new[] { 3, 1 }, lengths);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 0.5f, 0.5f, 0.5f, 0.5f }, x.ToArray());
        var (xt, lt) = Padding.PadSequences([a, b], maxLength: 2);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f, 7f, 8f, 0f, 0f }, xt.ToArray());
        Assert.Equal(new[] { 2, 1 }, lt);
    }

    [Fact]
    public void Mask_from_lengths()
    {
        Assert.Equal(new[] { 1f, 0f, 1f, 1f }, Padding.Mask([1, 2], 2).ToArray());
        var e = Assert.Throws<ArgumentException>(() => Padding.Mask([3], 2));
        Assert.Contains("Length 3 of sequence 0 is outside 0..2", e.Message);
    }

    [Fact]
    public void Bad_inputs_have_clear_errors()
    {
        var e = Assert.Throws<ArgumentException>(() => Padding.PadSequences(Array.Empty<int[]>()));
        Assert.Contains("no sequences", e.Message);
        e = Assert.Throws<ArgumentException>(() => Padding.PadSequences([[1]], maxLength: 0));
        Assert.Contains("maxLength must be positive, got 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => Padding.PadSequences([Array.Empty<int>()]));
        Assert.Contains("Every sequence is empty", e.Message);
        e = Assert.Throws<ArgumentException>(() => Padding.PadSequences([new float[2, 3], new float[1, 3], new float[2, 4]]));
        Assert.Contains("Sequence 2 has 4 features but sequence 0 has 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => Padding.PadSequences(Array.Empty<float[,]>()));
        Assert.Contains("no sequences", e.Message);
    }
}
