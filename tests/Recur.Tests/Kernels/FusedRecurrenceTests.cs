using Recur.Kernels;
using Recur.Kernels.Reference;
using Recur.Tensors;

namespace Recur.Tests.Kernels;

public class FusedRecurrenceTests
{
    public static TheoryData<CellKind, int, bool, bool, bool> Cases()
    {
        var data = new TheoryData<CellKind, int, bool, bool, bool>();
        foreach (var kind in Enum.GetValues<CellKind>())
            foreach (bool reverse in new[] { false, true })
                foreach (bool withLengths in new[] { false, true })
                    foreach (bool bias in new[] { true, false })
                        data.Add(kind, 0, reverse, withLengths, bias);
        foreach (bool reverse in new[] { false, true })
            foreach (bool withLengths in new[] { false, true })
                data.Add(CellKind.Lstm, 3, reverse, withLengths, true);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_and_backward_match_the_reference(CellKind kind, int proj, bool reverse, bool withLengths, bool bias)
        => Check(kind, proj, reverse, withLengths, bias, hidden: 7);

    [Theory]
    [InlineData(CellKind.Lstm, 0)]
    [InlineData(CellKind.Lstm, 5)]
    [InlineData(CellKind.Gru, 0)]
    [InlineData(CellKind.RnnTanh, 0)]
    public void Vector_paths_with_tails_match_the_reference(CellKind kind, int proj)
    {
        // H = 19: two 8-wide vector blocks and a 3-element scalar tail in every pointwise kernel; B = 6 > SmallM
        // so the recurrent GEMMs run on packed weights.
        Check(kind, proj, reverse: true, withLengths: true, bias: true, hidden: 19, batch: 6);
    }

    [Theory]
    [InlineData(CellKind.Lstm, 0)]
    [InlineData(CellKind.Lstm, 5)]
    [InlineData(CellKind.Gru, 0)]
    [InlineData(CellKind.RnnRelu, 0)]
    public void Row_parallel_steps_match_the_reference(CellKind kind, int proj)
    {
        // B = 17 >= 16 with 2 threads: each worker runs its rows' GEMM and pointwise pass (uneven halves).
        Check(kind, proj, reverse: false, withLengths: true, bias: true, hidden: 19, batch: 17, threads: 2);
        Check(kind, proj, reverse: true, withLengths: false, bias: false, hidden: 9, batch: 16, threads: 2);
    }

    [Theory]
    [InlineData(CellKind.Lstm, 1)]
    [InlineData(CellKind.Gru, 2)]
    public void Large_input_weights_project_every_step_in_one_gemm(CellKind kind, int threads)
    {
        // W_ih of 4H x 800 floats is past StepInputMaxBytes for LSTM (GRU: 3H x 1100) and 12 rows are
        // fewer than StepInputMinRows, so the input projection runs as one GEMM over all steps before the
        // loop instead of inside each step.
        int input = kind == CellKind.Lstm ? 800 : 1100;
        Assert.True((long)input * kind.GateCount() * 32 * sizeof(float) > FusedRecurrence.StepInputMaxBytes);
        Assert.True(12 < FusedRecurrence.StepInputMinRows);
        // Inputs of 800 and 1,100 features: the float reference and the kernels sum in different orders, so
        // absolute differences reach a few 1e-5 where the terms are large.
        Check(kind, 0, reverse: true, withLengths: true, bias: true, hidden: 32, batch: 12, threads: threads, input: input, atol: 5e-5);
    }

    [Theory]
    [InlineData(CellKind.Lstm, 0, 1)]
    [InlineData(CellKind.Lstm, 40, 2)]
    [InlineData(CellKind.RnnTanh, 0, 2)]
    public void Stacked_input_and_recurrent_weights_past_one_k_block_match_the_reference(CellKind kind, int proj, int threads)
    {
        // 16 rows project their inputs inside each step, and LSTM/RNN add h W_hh^T in the same product over
        // [x_t | h]: with I + Hout = 200 + 70 (or 200 + 40) the stacked operand spans two K blocks of Gemm.Kc,
        // and W_hh's rows start inside the first. Weights of PyTorch's scale (1/sqrt(H)) keep 270-term sums
        // out of saturation, where sums in another order than the float reference's would move far.
        Assert.True(200 + 40 < Gemm.Kc && 200 + 70 > Gemm.Kc);
        Check(kind, proj, reverse: true, withLengths: true, bias: true, hidden: 70, batch: 16, threads: threads, input: 200,
            weightRange: 0.12f);
    }

    [Theory]
    [InlineData(CellKind.Lstm, 0)]
    [InlineData(CellKind.Lstm, 5)]
    [InlineData(CellKind.RnnTanh, 0)]
    public void Recurrent_weight_gradient_alone_equals_the_one_taken_with_the_input_weights(CellKind kind, int proj)
    {
        // Fused steps take dW_ih and dW_hh from one product over the saved [x | h] rows; asked for dW_hh alone
        // (frozen input weights) the product reads the h columns in place. Both sum the same terms in the same order.
        var g = new Generator(9);
        int T = 5, B = 16, I = 6, H = 11, G = kind.GateCount() * H, hout = proj > 0 ? proj : H;
        float[] R(int n) => Tensor.Uniform(g, -0.5f, 0.5f, n).ToArray();
        var (wih, whh, bih, bhh, whr) = (R(G * I), R(G * hout), R(G), R(G), proj > 0 ? R(proj * H) : []);
        var x = R(T * B * I);
        int[] lengths = Enumerable.Range(0, B).Select(b => 1 + b % T).ToArray();
        var dOut = R(T * B * hout);
        float[] DWhh(bool withInput)
        {
            using var fused = new FusedRecurrence(kind, T, B, I, H, proj, reverse: false, lengths);
            var spans = new RecurrentWeightSpans { WIh = wih, WHh = whh, BIh = bih, BHh = bhh, WHr = whr };
            bool lstm = kind == CellKind.Lstm;
            fused.Forward(x, new float[B * hout], lstm ? new float[B * H] : default, spans, new float[T * B * hout], hout, 0,
                new float[B * hout], lstm ? new float[B * H] : default, save: true, threads: 2);
            var dWhh = new float[G * hout];
            fused.Backward(x, spans, dOut, hout, 0, new float[B * hout], lstm ? new float[B * H] : default,
                new RecurrentGradSpans { DWIh = withInput ? new float[G * I] : default, DWHh = dWhh }, threads: 2);
            return dWhh;
        }
        var both = DWhh(withInput: true);
        Assert.Contains(both, v => v != 0f);
        Assert.Equal(both, DWhh(withInput: false));
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void Bias_gradients_summed_in_column_stripes_equal_the_one_thread_sums(CellKind kind)
    {
        // T * B * G >= 65,536 gate gradients: with 2 threads the bias sums split the G columns (G = 4 * 37 or
        // 3 * 37, not a multiple of 8) between the workers. Each column is summed over the rows in the same
        // order either way, so every gradient is bit-identical to one thread's.
        var g = new Generator(12);
        int T = 20, B = 32, I = 7, H = 37, G = kind.GateCount() * H;
        float[] R(int n) => Tensor.Uniform(g, -0.5f, 0.5f, n).ToArray();
        var (wih, whh, bih, bhh) = (R(G * I), R(G * H), R(G), R(G));
        var x = R(T * B * I);
        var dOut = R(T * B * H);
        bool lstm = kind == CellKind.Lstm;
        float[][] Gradients(int threads)
        {
            using var fused = new FusedRecurrence(kind, T, B, I, H, 0, reverse: false, lengths: null);
            var spans = new RecurrentWeightSpans { WIh = wih, WHh = whh, BIh = bih, BHh = bhh };
            fused.Forward(x, new float[B * H], lstm ? new float[B * H] : default, spans, new float[T * B * H], H, 0,
                new float[B * H], lstm ? new float[B * H] : default, save: true, threads: threads);
            float[] dWih = new float[G * I], dWhh = new float[G * H], dBih = new float[G], dBhh = new float[G];
            fused.Backward(x, spans, dOut, H, 0, new float[B * H], lstm ? new float[B * H] : default,
                new RecurrentGradSpans { DWIh = dWih, DWHh = dWhh, DBIh = dBih, DBHh = dBhh }, threads: threads);
            return [dWih, dWhh, dBih, dBhh];
        }
        var one = Gradients(1);
        var two = Gradients(2);
        Assert.Contains(one[2], v => v != 0f);
        for (int i = 0; i < one.Length; i++) Assert.Equal(one[i], two[i]);
    }

    private static void Check(CellKind kind, int proj, bool reverse, bool withLengths, bool bias, int hidden, int batch = 4, int threads = 1,
        int input = 5, int steps = 6, double atol = 1e-5, float weightRange = 0.8f)
    {
        var g = new Generator(5);
        int T = steps, B = batch, I = input, H = hidden;
        var d = new RecurrentDims(T, B, I, H, proj);
        int G = kind.GateCount() * H, hout = d.HOut;
        float[] R(int n) => Tensor.Uniform(g, -0.8f, 0.8f, n).ToArray();
        float[] W(int n) => Tensor.Uniform(g, -weightRange, weightRange, n).ToArray();
        var w = new RecurrentWeights<float>(W(G * I), W(G * hout), bias ? W(G) : null, bias ? W(G) : null, proj > 0 ? W(proj * H) : null);
        var x = R(T * B * I);
        var h0 = R(B * hout);
        var c0 = kind == CellKind.Lstm ? R(B * H) : null;
        int[]? lengths = withLengths ? Enumerable.Range(0, B).Select(b => new[] { 3, 6, 1, 5, 2, 6, 4, 1 }[b % 8]).ToArray() : null;
        var expected = RecurrentReference.Forward(kind, d, x, h0, c0, w, lengths, reverse);

        // Output rows are wider than this direction (as in a bidirectional layer) to test the column offset.
        int stride = hout + 2, offset = 1;
        var output = new float[T * B * stride];
        var hN = new float[B * hout];
        var cN = new float[B * H];
        var fused = new FusedRecurrence(kind, T, B, I, H, proj, reverse, lengths);
        var spans = new RecurrentWeightSpans { WIh = w.WIh, WHh = w.WHh, BIh = w.BIh, BHh = w.BHh, WHr = w.WHr };
        fused.Forward(x, h0, c0, spans, output, stride, offset, hN, c0 == null ? default : cN, save: true, threads: threads);
        var outRows = new float[T * B * hout];
        for (int r = 0; r < T * B; r++)
            output.AsSpan(r * stride + offset, hout).CopyTo(outRows.AsSpan(r * hout));
        TestUtil.AssertClose(expected.Output, outRows, atol, 1e-5, "output");
        TestUtil.AssertClose(expected.HN, hN, atol, 1e-5, "hN");
        if (c0 != null) TestUtil.AssertClose(expected.CN!, cN, atol, 1e-5, "cN");

        // Without saving (inference), the fused kernels activate in place: the same results.
        var inferOut = new float[T * B * stride];
        var inferHN = new float[B * hout];
        var inferCN = new float[B * H];
        using (var infer = new FusedRecurrence(kind, T, B, I, H, proj, reverse, lengths))
            infer.Forward(x, h0, c0, spans, inferOut, stride, offset, inferHN, c0 == null ? default : inferCN, save: false, threads: threads);
        Assert.Equal(output, inferOut);
        Assert.Equal(hN, inferHN);
        if (c0 != null) Assert.Equal(cN, inferCN);

        var dOutRows = R(T * B * hout);
        var dOut = new float[T * B * stride];
        for (int r = 0; r < T * B; r++)
            dOutRows.AsSpan(r * hout, hout).CopyTo(dOut.AsSpan(r * stride + offset));
        var dhN = R(B * hout);
        var dcN = c0 != null ? R(B * H) : null;
        var want = RecurrentReference.Backward(kind, d, x, h0, c0, w, lengths, reverse, dOutRows, dhN, dcN);
        var got = new RecurrentGradients<float>(new float[x.Length], new float[h0.Length], c0 == null ? null : new float[c0.Length],
            new RecurrentWeights<float>(new float[w.WIh.Length], new float[w.WHh.Length], bias ? new float[G] : null, bias ? new float[G] : null,
                proj > 0 ? new float[proj * H] : null));
        fused.Backward(x, spans, dOut, stride, offset, dhN, dcN, new RecurrentGradSpans
        {
            DX = got.DX, DH0 = got.DH0, DC0 = got.DC0, DWIh = got.DWeights.WIh, DWHh = got.DWeights.WHh,
            DBIh = got.DWeights.BIh, DBHh = got.DWeights.BHh, DWHr = got.DWeights.WHr,
        }, threads: threads);
        TestUtil.AssertClose(want.DX, got.DX, atol, 1e-4, "dX");
        TestUtil.AssertClose(want.DH0, got.DH0, atol, 1e-4, "dh0");
        if (c0 != null) TestUtil.AssertClose(want.DC0!, got.DC0!, atol, 1e-4, "dc0");
        TestUtil.AssertClose(want.DWeights.WIh, got.DWeights.WIh, atol, 1e-4, "dW_ih");
        TestUtil.AssertClose(want.DWeights.WHh, got.DWeights.WHh, atol, 1e-4, "dW_hh");
        if (bias)
        {
            TestUtil.AssertClose(want.DWeights.BIh!, got.DWeights.BIh!, atol, 1e-4, "db_ih");
            TestUtil.AssertClose(want.DWeights.BHh!, got.DWeights.BHh!, atol, 1e-4, "db_hh");
        }
        if (proj > 0) TestUtil.AssertClose(want.DWeights.WHr!, got.DWeights.WHr!, atol, 1e-4, "dW_hr");
    }

    [Theory]
    [InlineData(CellKind.Lstm, 3)]
    [InlineData(CellKind.Lstm, 0)]
    [InlineData(CellKind.Gru, 0)]
    [InlineData(CellKind.RnnTanh, 0)]
    public void Pooled_buffers_holding_nan_do_not_leak_into_results(CellKind kind, int proj)
    {
        // Fill the shared pool with NaN-filled arrays of every size class before each run: a lengths case
        // (rows past a sequence's end are never written and must read as zeros), then full lengths, where
        // backward's gradient buffers are not cleared because every row is written whole.
        static void Poison()
        {
            var poisoned = new List<float[]>();
            for (int size = 1; size <= 1 << 14; size *= 2)
                for (int i = 0; i < 4; i++)
                {
                    var a = System.Buffers.ArrayPool<float>.Shared.Rent(size);
                    a.AsSpan().Fill(float.NaN);
                    poisoned.Add(a);
                }
            foreach (var a in poisoned) System.Buffers.ArrayPool<float>.Shared.Return(a);
        }
        Poison();
        Check(kind, proj, reverse: true, withLengths: true, bias: true, hidden: 7);
        Poison();
        Check(kind, proj, reverse: false, withLengths: false, bias: true, hidden: 7);
        Poison();
        Check(kind, proj, reverse: true, withLengths: false, bias: true, hidden: 19, batch: 17, threads: 2);
    }

    [Fact]
    public void Backward_after_release_says_what_to_do()
    {
        var fused = new FusedRecurrence(CellKind.Gru, 2, 1, 1, 1, 0, false, null);
        fused.Forward(new float[2], new float[1], default, new RecurrentWeightSpans { WIh = new float[3], WHh = new float[3] },
            new float[2], 1, 0, new float[1], default, save: true, threads: 1);
        fused.Release();
        var e = Assert.Throws<InvalidOperationException>(() => fused.Backward(new float[2],
            new RecurrentWeightSpans { WIh = new float[3], WHh = new float[3] }, new float[2], 1, 0, new float[1], default,
            new RecurrentGradSpans(), 1));
        Assert.Contains("retainGraph", e.Message);
    }
}
