// FusedRecurrence: one recurrent layer in one direction over a whole batch of sequences, forward and
// backward through time. The input projection of all steps is one GEMM; each step is one recurrent GEMM
// and one fused pointwise pass per row; backward gathers the gate gradients of all steps (in time order)
// so that dX, dW_ih and dW_hh are one GEMM each. Sequences of different lengths run together: a row past
// its length keeps its state and writes no output; reversed rows read time len_b - 1 - s at step s.
// Legend: T time, B batch, I input, H hidden, P projection, Hout = P or H, G gates x H.
// Buffers: x [T*B, I] time-major; out rows [T*B] of outStride floats, this direction at outOffset.
using System.Runtime.Intrinsics;

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

internal sealed unsafe class FusedRecurrence : IDisposable
{
    /// <summary>
    /// With at least <see cref="StepInputMinRows"/> batch rows, or up to this many bytes of packed W_ih, the
    /// input projection runs inside each step on the rows of that step (see Forward); otherwise (a few rows
    /// and a large W_ih, where each step would stream W_ih for too little work) as one GEMM over all steps.
    /// </summary>
    internal const int StepInputMaxBytes = 384 * 1024;

    /// <summary>Batch rows from which each step projects its own inputs whatever the size of W_ih.</summary>
    internal const int StepInputMinRows = 16;

    private readonly CellKind _kind;
    private readonly int _t, _b, _i, _h, _p, _hout, _g;
    private readonly bool _reverse;
    private readonly int[] _len;
    private readonly int _maxLen;
    private readonly bool _reusable;

    // Saved for backward, rows in time order [T*B, ...]: activated gates (RNN: the new h), the state
    // before each step, LSTM cell states, LSTM pre-projection outputs, GRU recurrent n-gate products.
    // The cell state before a step is the previous step's row of _c, or the initial one kept in _c0 [B, H].
    private float[]? _act, _hPrev, _c0, _c, _raw, _ghN;

    // Fused steps save each step's [x_t | h] rows [T*B, I + Hout] instead of the states alone: backward then
    // takes dW_ih and dW_hh from one product dG^T [x | h], reading and packing dG once.
    private float[]? _xh;

    // Working state of the forward and backward passes (created on first use; with reusable, kept).
    private readonly StepState _fwd = new();
    private readonly BackState _back = new();
    private StepJob? _stepJob;
    private BackJob? _backJob;

    /// <summary>
    /// Plans one direction. With <paramref name="reusable"/> every buffer (saved activations, scratch,
    /// packed weights) is kept between calls, so repeated Forward/Backward pairs of the same shape allocate
    /// nothing; <see cref="Dispose"/> gives them back. Otherwise scratch goes back to the pool after each
    /// call and the saved buffers on <see cref="Release"/>.
    /// </summary>
    internal FusedRecurrence(CellKind kind, int steps, int batch, int input, int hidden, int projection,
        bool reverse, int[]? lengths, bool reusable = false)
    {
        _kind = kind;
        (_t, _b, _i, _h, _p) = (steps, batch, input, hidden, projection);
        _hout = projection > 0 ? projection : hidden;
        _g = kind.GateCount() * hidden;
        _reverse = reverse;
        // A copy: backward reads the lengths again, and the caller may reuse its array in between.
        _len = lengths != null ? (int[])lengths.Clone() : Enumerable.Repeat(steps, batch).ToArray();
        _maxLen = _len.Length == 0 ? 0 : _len.Max();
        _reusable = reusable;
        if (reusable)
        {
            // Created up front so that no later call allocates, whatever thread count it runs with.
            _stepJob = new StepJob(this, _fwd);
            _backJob = new BackJob(this, _back);
            _sumJob = new ColumnSumJob();
        }
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
        // The steps read x through a pointer, so a short x must fail here rather than read past its end.
        if (x.Length < (long)T * B * I)
            throw new ArgumentException($"recurrence: the input holds {x.Length} values, but {T} steps of {B} rows of {I} need {(long)T * B * I}.");
        bool bias = !w.BIh.IsEmpty;
        var st = _fwd;
        // Each step projects its own rows' inputs just before its recurrent GEMM: a small W_ih stays in
        // cache beside W_hh, and the [T*B, G] projection of all steps (52 MB for B = 64, T = 100, H = 512)
        // is never allocated, written and read back. The products are the same (same packing, same K
        // order), so results are identical either way.
        st.StepInput = B > Gemm.SmallM && (B >= StepInputMinRows || (long)I * G * sizeof(float) <= StepInputMaxBytes);
        // LSTM and RNN then go further: one product [x_t | h] [W_ih | W_hh]^T per step gives the summed gate
        // pre-activations, with no separate recurrent product to store and add. (GRU's reset gate multiplies
        // W_hn h alone, so it keeps two.)
        st.Fused = st.StepInput && !Gru;
        if (bias)
        {
            // LSTM and RNN fold b_hh into the input projection; GRU keeps it on the recurrent side.
            st.RowBias = Buffer(st.RowBias, G, clear: false);
            var rowBias = st.RowBias.AsSpan(0, G);
            w.BIh.CopyTo(rowBias);
            if (!Gru) TensorPrimitives.Add(rowBias, w.BHh, rowBias);
        }
        st.HasBias = bias;
        if (st.Fused)
        {
            st.Gx = Buffer(st.Gx, B * G, clear: false);
            st.XStep = Buffer(st.XStep, B * (I + Hout), clear: false);
            st.PackedW ??= new PackedMatrix(I + Hout, G, GemmPaths.Default);
            Gemm.PackInto(st.PackedW, true, w.WIh, I, 0, I);
            Gemm.PackInto(st.PackedW, true, w.WHh, Hout, I, Hout);
        }
        else if (st.StepInput)
        {
            st.Gx = Buffer(st.Gx, B * G, clear: false);
            st.XStep = Buffer(st.XStep, B * I, clear: false);
            st.PackedWih = Repack(st.PackedWih, true, I, G, w.WIh, I);
        }
        else
        {
            var gx = st.Gx = Buffer(st.Gx, T * B * G, clear: false);
            if (bias)
                for (int r = 0; r < T * B; r++) st.RowBias.AsSpan(0, G).CopyTo(gx.AsSpan(r * G, G));
            Gemm.Multiply(false, true, T * B, G, I, 1f, x, I, w.WIh, I, bias ? 1f : 0f, gx, G, threads);
        }

        if (save)
        {
            _act = Buffer(_act, T * B * G, clear: false);
            // Rows past a sequence's length must read as zeros (they are never written).
            if (st.Fused) _xh = Buffer(_xh, T * B * (I + Hout), clear: _len.AsSpan().IndexOfAnyExcept(T) >= 0);
            else _hPrev = Buffer(_hPrev, T * B * Hout, clear: true);
            if (Lstm)
            {
                _c0 = Buffer(_c0, B * H, clear: false);
                c0.CopyTo(_c0);
                _c = Buffer(_c, T * B * H, clear: false);
                if (P > 0) _raw = Buffer(_raw, T * B * H, clear: true);
            }
            if (Gru) _ghN = Buffer(_ghN, T * B * H, clear: false);
        }
        // Fused, h lives in the h part of each [x_t | h] row: the pointwise pass writes it there, ready for the
        // next step's product, with no copy in between. Otherwise in H.
        if (st.Fused)
            for (int b = 0; b < B; b++) h0.Slice(b * Hout, Hout).CopyTo(HRow(st, b));
        else
        {
            st.H = Buffer(st.H, B * Hout, clear: false);
            h0.CopyTo(st.H);
        }
        if (Lstm)
        {
            st.C = Buffer(st.C, B * H, clear: false);
            c0.CopyTo(st.C);
        }
        if (!st.Fused) st.Gh = Buffer(st.Gh, B * G, clear: true);
        if (Lstm) st.Raw = Buffer(st.Raw, B * H, clear: true);
        if (P > 0) st.Proj = Buffer(st.Proj, B * P, clear: false);
        st.Scratch0 = Buffer(st.Scratch0, G, clear: false);
        st.Scratch1 = Buffer(st.Scratch1, G, clear: false);
        st.HasBHh = Gru && bias;
        if (st.HasBHh)
        {
            st.BHh = Buffer(st.BHh, G, clear: false);
            w.BHh.CopyTo(st.BHh);
        }
        st.Output = output;
        st.OutStride = outStride;
        st.OutOffset = outOffset;
        st.Save = save;
        // The recurrent weights are packed once for all steps (below SmallM rows GEMM does not pack at all).
        bool packed = B > Gemm.SmallM;
        st.PackedWhh = packed && !st.Fused ? Repack(st.PackedWhh, true, Hout, G, w.WHh, Hout) : null;
        st.PackedWhr = P > 0 && packed ? Repack(st.PackedWhr, true, H, P, w.WHr, H) : null;
        // With enough rows, each worker runs its rows' recurrent GEMM and pointwise pass in one parallel
        // region per step (rows are independent), so no part of a step is serial.
        int parts = packed && B >= 16 ? Math.Min(threads, Math.Min(2, WorkerPool.Shared.MaxParts)) : 1;
        StepJob? job = null;
        if (parts > 1)
        {
            job = _stepJob ??= new StepJob(this, st);
            job.Parts = parts;
        }
        fixed (float* px = x)
        {
            st.X = px;
            if (job != null)
            {
                // Rows are independent through the whole sequence: each worker runs every step of its rows,
                // with no barrier between steps.
                job.Steps = _maxLen;
                WorkerPool.Shared.Run(job, parts);
            }
            for (int s = 0; job == null && s < _maxLen; s++) SerialStep(st, s, w, threads);
            st.X = null;
        }
        for (int b = 0; b < B; b++) HRow(st, b).CopyTo(hN.Slice(b * Hout, Hout));
        if (Lstm) st.C.AsSpan(0, B * H).CopyTo(cN);
        st.Output = [];
        if (!_reusable) st.Release();
    }

    /// <summary>
    /// The input projection of step <paramref name="s"/> for batch rows [from, to): gathers their inputs
    /// (zeros past a sequence's end, which no one reads) and multiplies by the packed W_ih into Gx rows.
    /// </summary>
    private void ProjectInputs(StepState st, int s, int from, int to, int threads)
    {
        int I = _i, G = _g, Hout = _hout, rows = to - from;
        int width = st.Fused ? I + Hout : I; // fused: each row is [x_t | h]
        var xs = st.XStep.AsSpan(from * width, rows * width);
        for (int b = from; b < to; b++)
        {
            var dst = xs.Slice((b - from) * width, I);
            if (s < _len[b]) new ReadOnlySpan<float>(st.X + (long)Row(s, b) * I, I).CopyTo(dst);
            else dst.Clear();
        }
        var gx = st.Gx.AsSpan(from * G, rows * G);
        // Fused, the pointwise pass adds the bias as it reads the row; otherwise the product adds onto it.
        bool prefill = st.HasBias && !st.Fused;
        if (prefill)
            for (int r = 0; r < rows; r++) st.RowBias.AsSpan(0, G).CopyTo(gx.Slice(r * G, G));
        Gemm.Multiply(false, rows, G, width, 1f, xs, width, st.Fused ? st.PackedW! : st.PackedWih!, prefill ? 1f : 0f, gx, G, threads);
    }

    /// <summary>Step <paramref name="s"/> for all rows on the calling thread (GEMMs split over <paramref name="threads"/>).</summary>
    private void SerialStep(StepState st, int s, RecurrentWeightSpans w, int threads)
    {
        int B = _b, H = _h, P = _p, Hout = _hout, G = _g;
        if (st.StepInput) ProjectInputs(st, s, 0, B, threads);
        if (st.HasBHh)
            for (int b = 0; b < B; b++) st.BHh.AsSpan(0, G).CopyTo(st.Gh.AsSpan(b * G, G));
        float beta = st.HasBHh ? 1f : 0f;
        if (!st.Fused) // fused, the input product already added h W_hh^T
        {
            if (st.PackedWhh != null) Gemm.Multiply(false, B, G, Hout, 1f, st.H, Hout, st.PackedWhh, beta, st.Gh, G, threads);
            else Gemm.Multiply(false, true, B, G, Hout, 1f, st.H, Hout, w.WHh, Hout, beta, st.Gh, G, threads);
        }
        StepRows(st, s, 0, B, st.Scratch0);
        if (P > 0)
        {
            if (st.PackedWhr != null) Gemm.Multiply(false, B, P, H, 1f, st.Raw, H, st.PackedWhr, 0f, st.Proj, P, threads);
            else Gemm.Multiply(false, true, B, P, H, 1f, st.Raw, H, w.WHr, H, 0f, st.Proj, P, threads);
            ProjectRows(st, s, 0, B);
        }
    }

    /// <summary>The buffers of one forward pass, shared by the step loop and its parallel parts.</summary>
    private sealed class StepState
    {
        public float[] Gx = [], H = [], C = [], Gh = [], Raw = [], Proj = [], Output = [], RowBias = [], BHh = [];
        public float[] Scratch0 = [], Scratch1 = [], XStep = [];
        public bool HasBHh, HasBias;

        /// <summary>Whether each step projects its own inputs (Gx then holds one step, batch order).</summary>
        public bool StepInput;

        /// <summary>Whether that projection also adds h W_hh^T (XStep rows are [x_t | h], PackedW is [W_ih | W_hh]^T).</summary>
        public bool Fused;

        /// <summary>The input sequence during a Forward (pinned there).</summary>
        public float* X;
        public int OutStride, OutOffset;
        public bool Save;
        public PackedMatrix? PackedWhh, PackedWhr, PackedWih, PackedW;

        public float[] Scratch(int part) => part == 0 ? Scratch0 : Scratch1;

        /// <summary>Gives every buffer back to the pool and frees the packed weights.</summary>
        public void Release()
        {
            Return(Gx, H, C, Gh, Raw, Proj, RowBias, BHh, Scratch0, Scratch1, XStep);
            Gx = H = C = Gh = Raw = Proj = RowBias = BHh = Scratch0 = Scratch1 = XStep = [];
            PackedWhh?.Dispose();
            PackedWhr?.Dispose();
            PackedWih?.Dispose();
            PackedW?.Dispose();
            PackedWhh = PackedWhr = PackedWih = PackedW = null;
        }
    }

    /// <summary>The batch rows split across workers: each part runs every step (GEMM, pointwise, projection) of its rows.</summary>
    private sealed class StepJob(FusedRecurrence owner, StepState st) : IParallelWork
    {
        public int Steps, Parts;

        public void Execute(int part)
        {
            int parts = Parts;
            int B = owner._b;
            int chunk = (B + parts - 1) / parts, from = part * chunk, to = Math.Min(B, from + chunk);
            for (int s = 0; from < to && s < Steps; s++) Step(part, s, from, to);
        }

        private void Step(int part, int s, int from, int to)
        {
            int G = owner._g, Hout = owner._hout, H = owner._h, P = owner._p;
            int rows = to - from;
            if (st.StepInput) owner.ProjectInputs(st, s, from, to, threads: 1);
            if (st.HasBHh)
                for (int b = from; b < to; b++) st.BHh.AsSpan(0, G).CopyTo(st.Gh.AsSpan(b * G, G));
            if (!st.Fused)
                Gemm.Multiply(false, rows, G, Hout, 1f, st.H.AsSpan(from * Hout), Hout, st.PackedWhh!, st.HasBHh ? 1f : 0f,
                    st.Gh.AsSpan(from * G), G, threads: 1);
            owner.StepRows(st, s, from, to, st.Scratch(part));
            if (P > 0)
            {
                Gemm.Multiply(false, rows, P, H, 1f, st.Raw.AsSpan(from * H), H, st.PackedWhr!, 0f, st.Proj.AsSpan(from * P), P, threads: 1);
                owner.ProjectRows(st, s, from, to);
            }
        }
    }

    /// <summary>Row b's current h [Hout]: the h part of its [x_t | h] row when fused, else its row of H.</summary>
    private Span<float> HRow(StepState st, int b) =>
        st.Fused ? st.XStep.AsSpan(b * (_i + _hout) + _i, _hout) : st.H.AsSpan(b * _hout, _hout);

    /// <summary>The pointwise pass of step <paramref name="s"/> for batch rows [from, to), after their recurrent GEMM.</summary>
    private void StepRows(StepState st, int s, int from, int to, float[] scratch)
    {
        int H = _h, P = _p, Hout = _hout, G = _g;
        bool save = st.Save;
        for (int b = from; b < to; b++)
        {
            if (s >= _len[b]) continue;
            int row = Row(s, b);
            var hb = HRow(st, b);
            if (save)
            {
                if (st.Fused) st.XStep.AsSpan(b * (_i + Hout), _i + Hout).CopyTo(_xh.AsSpan(row * (_i + Hout), _i + Hout));
                else hb.CopyTo(_hPrev.AsSpan(row * Hout, Hout));
            }
            var gxRow = st.Gx.AsSpan((st.StepInput ? b : row) * G, G);
            // Fused, the row holds the summed products (the bias is added below); without saving they are activated in place.
            var act = save ? _act.AsSpan(row * G, G) : st.Fused ? gxRow : scratch.AsSpan(0, G);
            // Fused, the second operand is the bias (or nothing); otherwise the recurrent product.
            Span<float> ghRow = st.Fused ? (st.HasBias ? st.RowBias.AsSpan(0, G) : default) : st.Gh.AsSpan(b * G, G);
            if (Lstm)
            {
                var cb = st.C.AsSpan(b * H, H);
                // Without a projection the step's output is h itself: the pass writes it to h and the output row.
                var rb = P == 0 ? hb : st.Raw.AsSpan(b * H, H);
                var outRow = P == 0 ? st.Output.AsSpan(row * st.OutStride + st.OutOffset, H) : default;
                if (ghRow.IsEmpty) LstmKernels.Forward(gxRow, act, cb, rb, H, outRow);
                else LstmKernels.Forward(gxRow, ghRow, act, cb, rb, H, outRow);
                if (save)
                {
                    cb.CopyTo(_c.AsSpan(row * H, H));
                    if (P > 0) rb.CopyTo(_raw.AsSpan(row * H, H));
                }
            }
            else if (Gru)
            {
                if (save) ghRow.Slice(2 * H, H).CopyTo(_ghN.AsSpan(row * H, H));
                GruKernels.Forward(gxRow, ghRow, act, hb, H);
            }
            else
            {
                if (ghRow.IsEmpty) RnnKernels.Forward(gxRow[..H], hb, _kind == CellKind.RnnRelu);
                else RnnKernels.Forward(gxRow[..H], ghRow[..H], hb, _kind == CellKind.RnnRelu);
                if (save) hb.CopyTo(act);
            }
            if (P == 0 && !Lstm) hb.CopyTo(st.Output.AsSpan(row * st.OutStride + st.OutOffset, Hout));
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
            pb.CopyTo(HRow(st, b));
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
        if (_act == null || (_hPrev == null && _xh == null))
            throw new InvalidOperationException(Autograd.BackwardEngine.FreedMessage);
        int T = _t, B = _b, I = _i, H = _h, P = _p, Hout = _hout, G = _g;
        var st = _back;
        st.DOut = dOut;
        st.OutStride = outStride;
        st.OutOffset = outOffset;
        st.Dh = Buffer(st.Dh, B * Hout, clear: false);
        dhN.CopyTo(st.Dh);
        if (Lstm)
        {
            st.Dc = Buffer(st.Dc, B * H, clear: false);
            dcN.CopyTo(st.Dc);
        }
        // Every step writes each of its rows of these whole (not added into), so they need clearing only
        // when some sequence ends early: its rows past the end are never written and must read as zeros.
        // (Clearing them anyway cost a 4 MB memset per small LSTM training step, 52 MB per medium layer.)
        bool partial = _len.AsSpan().IndexOfAnyExcept(T) >= 0;
        st.DG = Buffer(st.DG, T * B * G, clear: partial);                   // input-side pre-activation gradients, time order
        if (P > 0) st.DProj = Buffer(st.DProj, T * B * P, clear: partial);  // gradient of projected h, time order
        st.DStep = Buffer(st.DStep, B * G, clear: true);                 // recurrent-side gradient of this step, batch order
        // With full lengths a step's rows are consecutive rows of DG (time order, batch within a step, either
        // direction), so the pointwise pass writes them there and dh = dStep W_hh reads them in place: no
        // step buffer to clear and copy out at each step.
        st.InPlace = !partial;
        st.DhNew = Buffer(st.DhNew, B * Hout, clear: true);
        if (P > 0) st.DRawStep = Buffer(st.DRawStep, B * H, clear: true);
        st.DTotal0 = Buffer(st.DTotal0, Math.Max(H, Hout), clear: false);
        st.DTotal1 = Buffer(st.DTotal1, Math.Max(H, Hout), clear: false);
        st.Scratch0 = Buffer(st.Scratch0, H, clear: false);
        st.Scratch1 = Buffer(st.Scratch1, H, clear: false);
        if (Gru) st.DGhOwn = Buffer(st.DGhOwn, T * B * G, clear: partial);
        st.DGh = Gru ? st.DGhOwn : st.DG;    // recurrent side (differs for GRU's n gate)
        // Packed once per sequence; every step's products reuse them.
        st.PackedWhh = Repack(st.PackedWhh, false, G, Hout, w.WHh, Hout);
        st.PackedWhr = P > 0 ? Repack(st.PackedWhr, false, P, H, w.WHr, H) : null;
        int parts = B >= 16 ? Math.Min(threads, Math.Min(2, WorkerPool.Shared.MaxParts)) : 1;
        BackJob? job = null;
        if (parts > 1)
        {
            job = _backJob ??= new BackJob(this, st);
            job.Parts = parts;
        }
        if (job != null)
        {
            job.Steps = _maxLen; // each worker runs every step of its rows, no barrier between steps
            WorkerPool.Shared.Run(job, parts);
        }
        else
        {
            for (int s = _maxLen - 1; s >= 0; s--) BackRows(st, s, 0, B, 0, threads);
        }
        var dh = st.Dh.AsSpan(0, B * Hout);
        var dc = Lstm ? st.Dc.AsSpan(0, B * H) : default;
        var dG = st.DG;
        var dGh = st.DGh;
        var dProj = st.DProj;

        if (!grads.DH0.IsEmpty) TensorPrimitives.Add(grads.DH0, dh, grads.DH0);
        if (Lstm && !grads.DC0.IsEmpty) TensorPrimitives.Add(grads.DC0, dc, grads.DC0);
        int rows = T * B;
        if (!grads.DX.IsEmpty)
            Gemm.Multiply(false, false, rows, I, G, 1f, dG, G, w.WIh, I, 1f, grads.DX, I, threads);
        if (_xh != null && !grads.DWIh.IsEmpty && !grads.DWHh.IsEmpty)
        {
            // [dW_ih | dW_hh] = dG^T [x | h] in one product (dGh is dG here), then added into each.
            int width = I + Hout;
            var dW = st.DWStacked = Buffer(st.DWStacked, G * width, clear: false);
            Gemm.Multiply(true, false, G, width, rows, 1f, dG, G, _xh, width, 0f, dW, width, threads);
            for (int g = 0; g < G; g++)
            {
                var src = dW.AsSpan(g * width, width);
                var dIh = grads.DWIh.Slice(g * I, I);
                var dHh = grads.DWHh.Slice(g * Hout, Hout);
                TensorPrimitives.Add(dIh, src[..I], dIh);
                TensorPrimitives.Add(dHh, src[I..], dHh);
            }
        }
        else
        {
            if (!grads.DWIh.IsEmpty)
            {
                // Rows past a sequence's end have dG = 0, but 0 * NaN = NaN: padding that is not finite would
                // spoil all of dW_ih (PyTorch's packed sequences never read it). Such rows are zeroed in a copy.
                ReadOnlySpan<float> xs = x;
                if (partial)
                {
                    var masked = st.XMasked = Buffer(st.XMasked, T * B * I, clear: false);
                    x[..(T * B * I)].CopyTo(masked);
                    for (int b = 0; b < B; b++)
                        for (int s = _len[b]; s < T; s++) masked.AsSpan((s * B + b) * I, I).Clear(); // time s of row b, either direction
                    xs = masked;
                }
                Gemm.Multiply(true, false, G, I, rows, 1f, dG, G, xs, I, 1f, grads.DWIh, I, threads);
            }
            if (!grads.DWHh.IsEmpty)
            {
                // Fused steps saved h beside x: the product reads it in place (row stride I + Hout).
                if (_xh != null) Gemm.Multiply(true, false, G, Hout, rows, 1f, dGh, G, _xh.AsSpan(I), I + Hout, 1f, grads.DWHh, Hout, threads);
                else Gemm.Multiply(true, false, G, Hout, rows, 1f, dGh, G, _hPrev, Hout, 1f, grads.DWHh, Hout, threads);
            }
        }
        if (!Gru && !grads.DBIh.IsEmpty && !grads.DBHh.IsEmpty)
        {
            // LSTM and RNN: both biases get the same gradient (dGh is dG), summed once.
            var sums = st.BiasSums = Buffer(st.BiasSums, G, clear: true);
            AddColumnSums(dG, rows, G, sums.AsSpan(0, G), threads);
            TensorPrimitives.Add(grads.DBIh, sums.AsSpan(0, G), grads.DBIh);
            TensorPrimitives.Add(grads.DBHh, sums.AsSpan(0, G), grads.DBHh);
        }
        else
        {
            if (!grads.DBIh.IsEmpty) AddColumnSums(dG, rows, G, grads.DBIh, threads);
            if (!grads.DBHh.IsEmpty) AddColumnSums(dGh, rows, G, grads.DBHh, threads);
        }
        if (P > 0 && !grads.DWHr.IsEmpty)
            Gemm.Multiply(true, false, P, H, rows, 1f, dProj, P, _raw, H, 1f, grads.DWHr, H, threads);
        st.DOut = [];
        if (!_reusable) st.Release();
    }

    /// <summary>The buffers of one backward pass, shared by the step loop and its parallel parts.</summary>
    private sealed class BackState
    {
        public float[] DOut = [], Dh = [], Dc = [], DG = [], DGh = [], DGhOwn = [], DProj = [], DStep = [], DhNew = [], DRawStep = [];
        public float[] DTotal0 = [], DTotal1 = [], Scratch0 = [], Scratch1 = [], BiasSums = [], DWStacked = [], XMasked = [];
        public int OutStride, OutOffset;
        public PackedMatrix? PackedWhh, PackedWhr;

        /// <summary>Whether each step's recurrent-side gradients are written straight into DGh (full lengths).</summary>
        public bool InPlace;

        /// <summary>Gives every buffer back to the pool and frees the packed weights.</summary>
        public void Release()
        {
            Return(Dh, Dc, DG, DGhOwn, DProj, DStep, DhNew, DRawStep, DTotal0, DTotal1, Scratch0, Scratch1, BiasSums, DWStacked, XMasked);
            Dh = Dc = DG = DGh = DGhOwn = DProj = DStep = DhNew = DRawStep = DTotal0 = DTotal1 = Scratch0 = Scratch1 = BiasSums = DWStacked = XMasked = [];
            PackedWhh?.Dispose();
            PackedWhr?.Dispose();
            PackedWhh = PackedWhr = null;
        }
    }

    /// <summary>The batch rows split across workers: each part runs every backward step of its rows.</summary>
    private sealed class BackJob(FusedRecurrence owner, BackState st) : IParallelWork
    {
        public int Steps, Parts;

        public void Execute(int part)
        {
            int parts = Parts;
            int B = owner._b, chunk = (B + parts - 1) / parts, from = part * chunk, to = Math.Min(B, from + chunk);
            for (int s = Steps - 1; from < to && s >= 0; s--) owner.BackRows(st, s, from, to, part, threads: 1);
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
        bool inPlace = st.InPlace;
        if (!inPlace) st.DStep.AsSpan(from * G, rows * G).Clear();
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
        var dTotal = part == 0 ? st.DTotal0 : st.DTotal1;
        var scratch = part == 0 ? st.Scratch0 : st.Scratch1;
        for (int b = from; b < to; b++)
        {
            if (s >= _len[b]) continue;
            int row = Row(s, b);
            var act = _act.AsSpan(row * G, G);
            var step = inPlace ? st.DGh.AsSpan(row * G, G) : st.DStep.AsSpan(b * G, G);
            var total = dTotal.AsSpan(0, Hout);
            if (P == 0)
                TensorPrimitives.Add(dh.AsSpan(b * Hout, Hout), dOut.AsSpan(row * st.OutStride + st.OutOffset, Hout), total);
            if (Lstm)
            {
                ReadOnlySpan<float> dRaw = P > 0 ? st.DRawStep.AsSpan(b * H, H) : total;
                var cPrev = s == 0 ? _c0.AsSpan(b * H, H) : _c.AsSpan(Row(s - 1, b) * H, H);
                LstmKernels.Backward(act, _c.AsSpan(row * H, H), cPrev, dRaw,
                    st.Dc.AsSpan(b * H, H), step, scratch.AsSpan(0, H), H);
                if (!inPlace) step.CopyTo(st.DG.AsSpan(row * G, G));
            }
            else if (Gru)
            {
                GruKernels.Backward(act, _ghN.AsSpan(row * H, H), _hPrev.AsSpan(row * Hout, Hout), total,
                    st.DG.AsSpan(row * G, G), step, H);
                if (!inPlace) step.CopyTo(st.DGh.AsSpan(row * G, G));
                total.CopyTo(dh.AsSpan(b * Hout, Hout)); // the direct part dh' z; W_hh part added below
            }
            else
            {
                RnnKernels.Backward(act, total, step, _kind == CellKind.RnnRelu);
                if (!inPlace) step.CopyTo(st.DG.AsSpan(row * G, G));
            }
        }
        var dStep = inPlace ? st.DGh.AsSpan(Row(s, from) * G, rows * G) : st.DStep.AsSpan(from * G, rows * G);
        Gemm.Multiply(false, rows, Hout, G, 1f, dStep, G, st.PackedWhh!, 0f, st.DhNew.AsSpan(from * Hout), Hout, threads);
        for (int b = from; b < to; b++)
        {
            if (s >= _len[b]) continue;
            var target = dh.AsSpan(b * Hout, Hout);
            if (Gru) TensorPrimitives.Add(target, st.DhNew.AsSpan(b * Hout, Hout), target);
            else st.DhNew.AsSpan(b * Hout, Hout).CopyTo(target);
        }
    }

    /// <summary>Returns the saved buffers to the pool (a reusable instance keeps them until Dispose).</summary>
    internal void Release()
    {
        if (_reusable) return;
        ReleaseSaved();
    }

    private void ReleaseSaved()
    {
        Return(_act ?? [], _hPrev ?? [], _c0 ?? [], _c ?? [], _raw ?? [], _ghN ?? [], _xh ?? []);
        _act = _hPrev = _c0 = _c = _raw = _ghN = _xh = null;
    }

    /// <summary>Gives back every buffer and packed weight, saved or scratch.</summary>
    public void Dispose()
    {
        ReleaseSaved();
        _fwd.Release();
        _back.Release();
    }

    /// <summary>Packs op(B) into <paramref name="existing"/> when there is one, else into a new PackedMatrix.</summary>
    private static PackedMatrix Repack(PackedMatrix? existing, bool transB, int k, int n, ReadOnlySpan<float> b, int ldb)
    {
        if (existing == null) return Gemm.Pack(transB, k, n, b, ldb);
        Gemm.PackInto(existing, transB, b, ldb);
        return existing;
    }

    /// <summary>
    /// dst[j] += sum over rows of m[r, j] (the bias gradients). With threads, each part sums its own columns
    /// over all rows in the same order, so the result does not depend on the thread count.
    /// </summary>
    private void AddColumnSums(float[] m, int rows, int cols, Span<float> dst, int threads)
    {
        int parts = (long)rows * cols >= ColumnSumsMinParallel ? Math.Min(threads, WorkerPool.Shared.MaxParts) : 1;
        fixed (float* pm = m, pd = dst)
        {
            if (parts <= 1)
            {
                AddColumnSums(pm, rows, cols, 0, cols, pd);
                return;
            }
            var job = _sumJob ??= new ColumnSumJob();
            job.M = pm;
            job.Dst = pd;
            (job.Rows, job.Cols, job.Parts) = (rows, cols, parts);
            WorkerPool.Shared.Run(job, parts);
            job.M = job.Dst = null;
        }
    }

    /// <summary>Below this many elements the column sums stay on one thread.</summary>
    private const long ColumnSumsMinParallel = 1L << 16;

    private ColumnSumJob? _sumJob;

    /// <summary>Column stripes (multiples of 8) of a column sum, one per part.</summary>
    private sealed class ColumnSumJob : IParallelWork
    {
        public float* M, Dst;
        public int Rows, Cols, Parts;

        public void Execute(int part)
        {
            int chunk = ((Cols + Parts - 1) / Parts + 7) & ~7;
            int from = part * chunk, to = Math.Min(Cols, from + chunk);
            if (from < to) AddColumnSums(M, Rows, Cols, from, to, Dst);
        }
    }

    // Columns [from, to) of m [rows, cols] summed into dst; four rows per pass over dst: a quarter of the dst
    // traffic of one row at a time.
    private static void AddColumnSums(float* m, int rows, int cols, int from, int to, float* dst)
    {
        int r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            float* m0 = m + (long)r * cols, m1 = m0 + cols, m2 = m1 + cols, m3 = m2 + cols;
            int j = from;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; j + 8 <= to; j += 8)
                {
                    var sum = (Vector256.Load(m0 + j) + Vector256.Load(m1 + j)) + (Vector256.Load(m2 + j) + Vector256.Load(m3 + j));
                    (Vector256.Load(dst + j) + sum).Store(dst + j);
                }
            }
            for (; j < to; j++) dst[j] += (m0[j] + m1[j]) + (m2[j] + m3[j]);
        }
        for (; r < rows; r++)
        {
            float* mr = m + (long)r * cols;
            for (int j = from; j < to; j++) dst[j] += mr[j];
        }
    }

    // Buffers come from the shared pool: a training loop reuses the same few blocks every step instead of
    // allocating (and page-faulting in) megabytes of large-object heap per sequence. Rented arrays may be
    // longer than asked for; every use below is sliced to the exact size. A buffer that is already long
    // enough is kept (a reusable instance allocates nothing after its first call).
    private static float[] Buffer(float[]? current, int length, bool clear)
    {
        current ??= [];
        if (current.Length < length)
        {
            if (current.Length > 0) System.Buffers.ArrayPool<float>.Shared.Return(current);
            current = System.Buffers.ArrayPool<float>.Shared.Rent(length);
        }
        if (clear) current.AsSpan(0, length).Clear();
        return current;
    }

    private static void Return(params float[][] arrays)
    {
        foreach (var a in arrays)
            if (a.Length > 0) System.Buffers.ArrayPool<float>.Shared.Return(a);
    }
}
