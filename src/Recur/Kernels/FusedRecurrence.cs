// FusedRecurrence: one recurrent layer in one direction over a whole batch of sequences, forward and
// backward through time. The input projection of all steps is one GEMM; each step is one recurrent GEMM
// and one fused pointwise pass per row; backward gathers the gate gradients of all steps (in time order)
// so that dX, dW_ih and dW_hh are one GEMM each. Sequences of different lengths run together: a row past
// its length keeps its state and writes no output; reversed rows read time len_b - 1 - s at step s.
// Legend: T time, B batch, I input, H hidden, P projection, Hout = P or H, G gates x H.
// Buffers: x [T*B, I] time-major; out rows [T*B] of outStride floats, this direction at outOffset.
namespace Recur.Kernels;

/// <summary>Weights of one layer and direction (PyTorch layout); bias and projection are optional.</summary>
internal readonly ref struct RecurrentWeightSpans
{
    public ReadOnlySpan<float> WIh { get; init; }
    public ReadOnlySpan<float> WHh { get; init; }
    public ReadOnlySpan<float> BIh { get; init; }
    public ReadOnlySpan<float> BHh { get; init; }
    public ReadOnlySpan<float> WHr { get; init; }
}

/// <summary>Gradient buffers of one layer and direction (added into); empty spans are skipped.</summary>
internal readonly ref struct RecurrentGradSpans
{
    public Span<float> DX { get; init; }
    public Span<float> DH0 { get; init; }
    public Span<float> DC0 { get; init; }
    public Span<float> DWIh { get; init; }
    public Span<float> DWHh { get; init; }
    public Span<float> DBIh { get; init; }
    public Span<float> DBHh { get; init; }
    public Span<float> DWHr { get; init; }
}

internal sealed class FusedRecurrence
{
    private readonly CellKind _kind;
    private readonly int _t, _b, _i, _h, _p, _hout, _g;
    private readonly bool _reverse;
    private readonly int[] _len;
    private readonly int _maxLen;

    // Saved for backward, rows in time order [T*B, ...]: activated gates (RNN: the new h), the state
    // before each step, LSTM cell states, LSTM pre-projection outputs, GRU recurrent n-gate products.
    private float[]? _act, _hPrev, _cPrev, _c, _raw, _ghN;

    internal FusedRecurrence(CellKind kind, int steps, int batch, int input, int hidden, int projection,
        bool reverse, int[]? lengths)
    {
        _kind = kind;
        (_t, _b, _i, _h, _p) = (steps, batch, input, hidden, projection);
        _hout = projection > 0 ? projection : hidden;
        _g = kind.GateCount() * hidden;
        _reverse = reverse;
        _len = lengths ?? Enumerable.Repeat(steps, batch).ToArray();
        _maxLen = _len.Length == 0 ? 0 : _len.Max();
    }

    private bool Lstm => _kind == CellKind.Lstm;

    private bool Gru => _kind == CellKind.Gru;

    private int Row(int s, int b) => (_reverse ? _len[b] - 1 - s : s) * _b + b;

    /// <summary>
    /// Runs the direction. out must be zero where no sequence writes (past each length).
    /// hN [B, Hout], cN [B, H] receive the final states. With <paramref name="save"/>, keeps what Backward needs.
    /// </summary>
    internal void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> h0, ReadOnlySpan<float> c0, RecurrentWeightSpans w,
        float[] output, int outStride, int outOffset, Span<float> hN, Span<float> cN, bool save, int threads)
    {
        int T = _t, B = _b, I = _i, H = _h, P = _p, Hout = _hout, G = _g;
        bool bias = !w.BIh.IsEmpty;
        var gx = Rent(T * B * G, clear: false);
        if (bias)
        {
            // LSTM and RNN fold b_hh into the input projection; GRU keeps it on the recurrent side.
            var rowBias = w.BIh.ToArray();
            if (!Gru) TensorPrimitives.Add(rowBias, w.BHh, rowBias);
            for (int r = 0; r < T * B; r++) rowBias.CopyTo(gx.AsSpan(r * G, G));
        }
        Gemm.Multiply(false, true, T * B, G, I, 1f, x, I, w.WIh, I, bias ? 1f : 0f, gx, G, threads);

        if (save)
        {
            _act = Rent(T * B * G, clear: false);
            _hPrev = Rent(T * B * Hout, clear: true); // rows past a sequence's length must read as zeros
            if (Lstm)
            {
                _cPrev = Rent(T * B * H, clear: false);
                _c = Rent(T * B * H, clear: false);
                if (P > 0) _raw = Rent(T * B * H, clear: true);
            }
            if (Gru) _ghN = Rent(T * B * H, clear: false);
        }
        var st = new StepState
        {
            Gx = gx,
            H = h0.ToArray(),
            C = Lstm ? c0.ToArray() : [],
            Gh = Rent(B * G, clear: true),
            Raw = Lstm ? Rent(B * H, clear: true) : [],
            Proj = P > 0 ? Rent(B * P, clear: false) : [],
            Scratch = [Rent(G, clear: false), Rent(G, clear: false)],
            BHh = Gru && bias ? w.BHh.ToArray() : null,
            Output = output,
            OutStride = outStride,
            OutOffset = outOffset,
            Save = save,
        };
        // The recurrent weights are packed once for all steps (below SmallM rows GEMM does not pack at all).
        using var packedWhh = B > Gemm.SmallM ? Gemm.Pack(true, Hout, G, w.WHh, Hout) : null;
        using var packedWhr = P > 0 && B > Gemm.SmallM ? Gemm.Pack(true, H, P, w.WHr, H) : null;
        st.PackedWhh = packedWhh;
        st.PackedWhr = packedWhr;
        // With enough rows, each worker runs its rows' recurrent GEMM and pointwise pass in one parallel
        // region per step (rows are independent), so no part of a step is serial.
        int parts = packedWhh != null && B >= 16 ? Math.Min(threads, Math.Min(2, WorkerPool.Shared.MaxParts)) : 1;
        var job = parts > 1 ? new StepJob(this, st, parts) : null;
        for (int s = 0; s < _maxLen; s++)
        {
            if (job != null)
            {
                job.Step = s;
                WorkerPool.Shared.Run(job, parts);
                continue;
            }
            if (st.BHh != null)
                for (int b = 0; b < B; b++) st.BHh.CopyTo(st.Gh.AsSpan(b * G, G));
            float beta = st.BHh != null ? 1f : 0f;
            if (packedWhh != null) Gemm.Multiply(false, B, G, Hout, 1f, st.H, Hout, packedWhh, beta, st.Gh, G, threads);
            else Gemm.Multiply(false, true, B, G, Hout, 1f, st.H, Hout, w.WHh, Hout, beta, st.Gh, G, threads);
            StepRows(st, s, 0, B, st.Scratch[0]);
            if (P > 0)
            {
                if (packedWhr != null) Gemm.Multiply(false, B, P, H, 1f, st.Raw, H, packedWhr, 0f, st.Proj, P, threads);
                else Gemm.Multiply(false, true, B, P, H, 1f, st.Raw, H, w.WHr, H, 0f, st.Proj, P, threads);
                ProjectRows(st, s, 0, B);
            }
        }
        st.H.CopyTo(hN);
        if (Lstm) st.C.CopyTo(cN);
        Return(gx, st.Gh, st.Scratch[0], st.Scratch[1], st.Raw, st.Proj);
    }

    /// <summary>The buffers of one forward pass, shared by the step loop and its parallel parts.</summary>
    private sealed class StepState
    {
        public float[] Gx = [], H = [], C = [], Gh = [], Raw = [], Proj = [], Output = [];
        public float[][] Scratch = [];
        public float[]? BHh;
        public int OutStride, OutOffset;
        public bool Save;
        public PackedMatrix? PackedWhh, PackedWhr;
    }

    /// <summary>One step's rows split across workers: each part runs GEMM, pointwise and projection for its rows.</summary>
    private sealed class StepJob(FusedRecurrence owner, StepState st, int parts) : IParallelWork
    {
        public int Step;

        public void Execute(int part)
        {
            int B = owner._b, G = owner._g, Hout = owner._hout, H = owner._h, P = owner._p;
            int chunk = (B + parts - 1) / parts, from = part * chunk, to = Math.Min(B, from + chunk);
            if (from >= to) return;
            int rows = to - from;
            if (st.BHh != null)
                for (int b = from; b < to; b++) st.BHh.CopyTo(st.Gh.AsSpan(b * G, G));
            Gemm.Multiply(false, rows, G, Hout, 1f, st.H.AsSpan(from * Hout), Hout, st.PackedWhh!, st.BHh != null ? 1f : 0f,
                st.Gh.AsSpan(from * G), G, threads: 1);
            owner.StepRows(st, Step, from, to, st.Scratch[part]);
            if (P > 0)
            {
                Gemm.Multiply(false, rows, P, H, 1f, st.Raw.AsSpan(from * H), H, st.PackedWhr!, 0f, st.Proj.AsSpan(from * P), P, threads: 1);
                owner.ProjectRows(st, Step, from, to);
            }
        }
    }

    /// <summary>The pointwise pass of step <paramref name="s"/> for batch rows [from, to), after their recurrent GEMM.</summary>
    private void StepRows(StepState st, int s, int from, int to, float[] scratch)
    {
        int H = _h, P = _p, Hout = _hout, G = _g;
        bool save = st.Save;
        for (int b = from; b < to; b++)
        {
            if (s >= _len[b]) continue;
            int row = Row(s, b);
            var hb = st.H.AsSpan(b * Hout, Hout);
            if (save) hb.CopyTo(_hPrev.AsSpan(row * Hout, Hout));
            var act = save ? _act.AsSpan(row * G, G) : scratch.AsSpan(0, G);
            var gxRow = st.Gx.AsSpan(row * G, G);
            var ghRow = st.Gh.AsSpan(b * G, G);
            if (Lstm)
            {
                var cb = st.C.AsSpan(b * H, H);
                if (save) cb.CopyTo(_cPrev.AsSpan(row * H, H));
                var rb = st.Raw.AsSpan(b * H, H);
                LstmKernels.Forward(gxRow, ghRow, act, cb, rb, H);
                if (save)
                {
                    cb.CopyTo(_c.AsSpan(row * H, H));
                    if (P > 0) rb.CopyTo(_raw.AsSpan(row * H, H));
                }
                if (P == 0) rb.CopyTo(hb);
            }
            else if (Gru)
            {
                if (save) ghRow.Slice(2 * H, H).CopyTo(_ghN.AsSpan(row * H, H));
                GruKernels.Forward(gxRow, ghRow, act, hb, H);
            }
            else
            {
                RnnKernels.Forward(gxRow[..H], ghRow[..H], hb, _kind == CellKind.RnnRelu);
                if (save) hb.CopyTo(act);
            }
            if (P == 0) hb.CopyTo(st.Output.AsSpan(row * st.OutStride + st.OutOffset, Hout));
        }
    }

    /// <summary>Takes the projected rows [from, to) of step <paramref name="s"/> as the new h and output.</summary>
    private void ProjectRows(StepState st, int s, int from, int to)
    {
        int P = _p;
        for (int b = from; b < to; b++)
        {
            if (s >= _len[b]) continue;
            var pb = st.Proj.AsSpan(b * P, P);
            pb.CopyTo(st.H.AsSpan(b * P, P));
            pb.CopyTo(st.Output.AsSpan(Row(s, b) * st.OutStride + st.OutOffset, P));
        }
    }


    /// <summary>
    /// Adds the gradients of every input given dOut (rows of outStride, this direction at outOffset),
    /// dhN [B, Hout] and dcN [B, H]. Requires a Forward with save.
    /// </summary>
    internal void Backward(ReadOnlySpan<float> x, RecurrentWeightSpans w, float[] dOut, int outStride,
        int outOffset, ReadOnlySpan<float> dhN, ReadOnlySpan<float> dcN, RecurrentGradSpans grads, int threads)
    {
        if (_act == null || _hPrev == null)
            throw new InvalidOperationException(Autograd.BackwardEngine.FreedMessage);
        int T = _t, B = _b, I = _i, H = _h, P = _p, Hout = _hout, G = _g;
        var st = new BackState
        {
            DOut = dOut,
            OutStride = outStride,
            OutOffset = outOffset,
            Dh = dhN.ToArray(),
            Dc = Lstm ? dcN.ToArray() : [],
            DG = Rent(T * B * G, clear: true),                   // input-side pre-activation gradients, time order
            DProj = P > 0 ? Rent(T * B * P, clear: true) : [],   // gradient of projected h, time order
            DStep = Rent(B * G, clear: true),                    // recurrent-side gradient of this step, batch order
            DhNew = Rent(B * Hout, clear: true),
            DRawStep = P > 0 ? Rent(B * H, clear: true) : [],
            DTotal = [Rent(Math.Max(H, Hout), clear: false), Rent(Math.Max(H, Hout), clear: false)],
            Scratch = [Rent(H, clear: false), Rent(H, clear: false)],
        };
        st.DGh = Gru ? Rent(T * B * G, clear: true) : st.DG;    // recurrent side (differs for GRU's n gate)
        // Packed once per sequence; every step's products reuse them.
        using var packedWhh = Gemm.Pack(false, G, Hout, w.WHh, Hout);
        using var packedWhr = P > 0 ? Gemm.Pack(false, P, H, w.WHr, H) : null;
        st.PackedWhh = packedWhh;
        st.PackedWhr = packedWhr;
        int parts = B >= 16 ? Math.Min(threads, Math.Min(2, WorkerPool.Shared.MaxParts)) : 1;
        var job = parts > 1 ? new BackJob(this, st, parts) : null;
        for (int s = _maxLen - 1; s >= 0; s--)
        {
            if (job != null)
            {
                job.Step = s;
                WorkerPool.Shared.Run(job, parts);
            }
            else
            {
                BackRows(st, s, 0, B, 0, threads);
            }
        }
        var dh = st.Dh;
        var dc = st.Dc;
        var dG = st.DG;
        var dGh = st.DGh;
        var dProj = st.DProj;

        if (!grads.DH0.IsEmpty) TensorPrimitives.Add(grads.DH0, dh, grads.DH0);
        if (Lstm && !grads.DC0.IsEmpty) TensorPrimitives.Add(grads.DC0, dc, grads.DC0);
        int rows = T * B;
        if (!grads.DX.IsEmpty)
            Gemm.Multiply(false, false, rows, I, G, 1f, dG, G, w.WIh, I, 1f, grads.DX, I, threads);
        if (!grads.DWIh.IsEmpty)
            Gemm.Multiply(true, false, G, I, rows, 1f, dG, G, x, I, 1f, grads.DWIh, I, threads);
        if (!grads.DWHh.IsEmpty)
            Gemm.Multiply(true, false, G, Hout, rows, 1f, dGh, G, _hPrev, Hout, 1f, grads.DWHh, Hout, threads);
        if (!grads.DBIh.IsEmpty) AddColumnSums(dG, rows, G, grads.DBIh);
        if (!grads.DBHh.IsEmpty) AddColumnSums(dGh, rows, G, grads.DBHh);
        if (P > 0 && !grads.DWHr.IsEmpty)
            Gemm.Multiply(true, false, P, H, rows, 1f, dProj, P, _raw, H, 1f, grads.DWHr, H, threads);
        Return(dG, Gru ? dGh : [], dProj, st.DStep, st.DhNew, st.DRawStep, st.DTotal[0], st.DTotal[1], st.Scratch[0], st.Scratch[1]);
    }

    /// <summary>The buffers of one backward pass, shared by the step loop and its parallel parts.</summary>
    private sealed class BackState
    {
        public float[] DOut = [], Dh = [], Dc = [], DG = [], DGh = [], DProj = [], DStep = [], DhNew = [], DRawStep = [];
        public float[][] DTotal = [], Scratch = [];
        public int OutStride, OutOffset;
        public PackedMatrix? PackedWhh, PackedWhr;
    }

    /// <summary>One backward step's rows split across workers.</summary>
    private sealed class BackJob(FusedRecurrence owner, BackState st, int parts) : IParallelWork
    {
        public int Step;

        public void Execute(int part)
        {
            int B = owner._b, chunk = (B + parts - 1) / parts, from = part * chunk, to = Math.Min(B, from + chunk);
            if (from < to) owner.BackRows(st, Step, from, to, part, threads: 1);
        }
    }

    /// <summary>
    /// Backward step <paramref name="s"/> for batch rows [from, to): through the projection, the pointwise
    /// pass, then dh = dStep W_hh for those rows (rows are independent).
    /// </summary>
    private void BackRows(BackState st, int s, int from, int to, int part, int threads)
    {
        int H = _h, P = _p, Hout = _hout, G = _g, rows = to - from;
        var dh = st.Dh;
        var dOut = st.DOut;
        st.DStep.AsSpan(from * G, rows * G).Clear();
        if (P > 0)
        {
            // Through the projection first: dRaw = (dh + dOut) W_hr for these rows at once.
            for (int b = from; b < to; b++)
            {
                if (s >= _len[b])
                {
                    st.DhNew.AsSpan(b * P, P).Clear();
                    continue;
                }
                int row = Row(s, b);
                var target = st.DProj.AsSpan(row * P, P);
                TensorPrimitives.Add(dh.AsSpan(b * P, P), dOut.AsSpan(row * st.OutStride + st.OutOffset, P), target);
                target.CopyTo(st.DhNew.AsSpan(b * P, P));
            }
            Gemm.Multiply(false, rows, H, P, 1f, st.DhNew.AsSpan(from * P), P, st.PackedWhr!, 0f, st.DRawStep.AsSpan(from * H), H, threads);
        }
        var dTotal = st.DTotal[part];
        var scratch = st.Scratch[part];
        for (int b = from; b < to; b++)
        {
            if (s >= _len[b]) continue;
            int row = Row(s, b);
            var act = _act.AsSpan(row * G, G);
            var step = st.DStep.AsSpan(b * G, G);
            var total = dTotal.AsSpan(0, Hout);
            if (P == 0)
                TensorPrimitives.Add(dh.AsSpan(b * Hout, Hout), dOut.AsSpan(row * st.OutStride + st.OutOffset, Hout), total);
            if (Lstm)
            {
                ReadOnlySpan<float> dRaw = P > 0 ? st.DRawStep.AsSpan(b * H, H) : total;
                LstmKernels.Backward(act, _c.AsSpan(row * H, H), _cPrev.AsSpan(row * H, H), dRaw,
                    st.Dc.AsSpan(b * H, H), step, scratch.AsSpan(0, H), H);
                step.CopyTo(st.DG.AsSpan(row * G, G));
            }
            else if (Gru)
            {
                GruKernels.Backward(act, _ghN.AsSpan(row * H, H), _hPrev.AsSpan(row * Hout, Hout), total,
                    st.DG.AsSpan(row * G, G), step, H);
                step.CopyTo(st.DGh.AsSpan(row * G, G));
                total.CopyTo(dh.AsSpan(b * Hout, Hout)); // the direct part dh' z; W_hh part added below
            }
            else
            {
                RnnKernels.Backward(act, total, step, _kind == CellKind.RnnRelu);
                step.CopyTo(st.DG.AsSpan(row * G, G));
            }
        }
        Gemm.Multiply(false, rows, Hout, G, 1f, st.DStep.AsSpan(from * G), G, st.PackedWhh!, 0f, st.DhNew.AsSpan(from * Hout), Hout, threads);
        for (int b = from; b < to; b++)
        {
            if (s >= _len[b]) continue;
            var target = dh.AsSpan(b * Hout, Hout);
            if (Gru) TensorPrimitives.Add(target, st.DhNew.AsSpan(b * Hout, Hout), target);
            else st.DhNew.AsSpan(b * Hout, Hout).CopyTo(target);
        }
    }

    /// <summary>Returns the saved buffers to the pool.</summary>
    internal void Release()
    {
        Return(_act ?? [], _hPrev ?? [], _cPrev ?? [], _c ?? [], _raw ?? [], _ghN ?? []);
        _act = _hPrev = _cPrev = _c = _raw = _ghN = null;
    }

    private static void AddColumnSums(float[] m, int rows, int cols, Span<float> dst)
    {
        for (int r = 0; r < rows; r++)
            TensorPrimitives.Add(dst, m.AsSpan(r * cols, cols), dst);
    }

    // Buffers come from the shared pool: a training loop reuses the same few blocks every step instead of
    // allocating (and page-faulting in) megabytes of large-object heap per sequence. Rented arrays may be
    // longer than asked for; every use below is sliced to the exact size.
    private static float[] Rent(int length, bool clear)
    {
        if (length == 0) return [];
        var a = System.Buffers.ArrayPool<float>.Shared.Rent(length);
        if (clear) a.AsSpan(0, length).Clear();
        return a;
    }

    private static void Return(params float[][] arrays)
    {
        foreach (var a in arrays)
            if (a.Length > 0) System.Buffers.ArrayPool<float>.Shared.Return(a);
    }
}
