// RecurrentLayerFunction: one recurrent layer (all directions) over whole sequences as ONE autograd node.
// Inputs: x [T, B, I], h0 [D, B, Hout], c0 [D, B, H] (LSTM), then per direction W_ih, W_hh, (b_ih, b_hh),
// (W_hr). Outputs: out [T, B, D*Hout] (direction d in columns d*Hout..), hN [D, B, Hout], cN [D, B, H].
// The numerics live in Kernels/FusedRecurrence; this node holds one per direction with its saved buffers.
using Recur.Kernels;
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal sealed class RecurrentLayerFunction : Node
{
    private readonly FusedRecurrence[] _directions;
    private readonly bool _lstm, _bias, _proj;
    private readonly int _hout;

    private RecurrentLayerFunction(Tensor[] inputs, FusedRecurrence[] directions, bool lstm, bool bias, bool proj, int hout)
        : base(inputs)
    {
        _directions = directions;
        (_lstm, _bias, _proj, _hout) = (lstm, bias, proj, hout);
    }

    public override string Name => "RecurrentLayerBackward";

    private int StateInputs => _lstm ? 3 : 2;

    private int PerDirection => 2 + (_bias ? 2 : 0) + (_proj ? 1 : 0);

    /// <summary>
    /// Runs the layer. <paramref name="weights"/>[d] = W_ih, W_hh, then b_ih, b_hh when biased, then W_hr
    /// when projecting. Shapes are validated by the calling module.
    /// </summary>
    internal static (Tensor Output, Tensor HN, Tensor? CN) Forward(CellKind kind, Tensor x, Tensor h0, Tensor? c0,
        Tensor[][] weights, int hidden, int projection, bool bias, int[]? lengths)
    {
        bool lstm = kind == CellKind.Lstm;
        int steps = x.Size(0), batch = x.Size(1), input = x.Size(2), dirs = weights.Length;
        int hout = projection > 0 ? projection : hidden;
        var inputs = new List<Tensor> { x, h0 };
        if (lstm) inputs.Add(c0!);
        foreach (var w in weights) inputs.AddRange(w);
        var inputArray = inputs.ToArray();
        bool record = GradMode.IsEnabled && inputArray.Any(t => t.RequiresGrad);

        var output = Tensor.Zeros(steps, batch, dirs * hout);
        var hN = Tensor.Zeros(dirs, batch, hout);
        var cN = lstm ? Tensor.Zeros(dirs, batch, hidden) : null;
        var fused = new FusedRecurrence[dirs];
        int threads = Threading.MaxThreads;
        for (int d = 0; d < dirs; d++)
        {
            fused[d] = new FusedRecurrence(kind, steps, batch, input, hidden, projection, reverse: d == 1, lengths);
            fused[d].Forward(x.ReadOnlyData, h0[d].ReadOnlyData, lstm ? c0![d].ReadOnlyData : default,
                Spans(weights[d], bias, projection > 0), output.Storage, dirs * hout, d * hout,
                hN.Data.Slice(d * batch * hout, batch * hout), lstm ? cN!.Data.Slice(d * batch * hidden, batch * hidden) : default,
                record, threads);
        }
        if (record)
        {
            var node = new RecurrentLayerFunction(inputArray, fused, lstm, bias, projection > 0, hout);
            if (lstm) node.Attach(output, hN, cN!);
            else node.Attach(output, hN);
        }
        return (output, hN, cN);
    }

    private static RecurrentWeightSpans Spans(Tensor[] w, bool bias, bool proj) => new()
    {
        WIh = w[0].ReadOnlyData,
        WHh = w[1].ReadOnlyData,
        BIh = bias ? w[2].ReadOnlyData : default,
        BHh = bias ? w[3].ReadOnlyData : default,
        WHr = proj ? w[bias ? 4 : 2].ReadOnlyData : default,
    };

    protected internal override void Backward(GradientContext context)
    {
        var x = Inputs[0];
        int dirs = _directions.Length, batch = x.Size(1), hout = _hout;
        int hidden = _lstm ? Inputs[2].Size(2) : hout;
        context.GradOutput(0); // makes sure the output's gradient buffer exists (zeros when unused)
        var dOut = OutputGrads[0]!;
        var dhN = context.GradOutput(1);
        var dcN = _lstm ? context.GradOutput(2) : default;
        int threads = Threading.MaxThreads;
        for (int d = 0; d < dirs; d++)
        {
            int first = StateInputs + d * PerDirection;
            var w = Inputs.AsSpan(first, PerDirection).ToArray();
            var grads = new RecurrentGradSpans
            {
                DX = context.NeedsGrad(0) ? context.GradInput(0) : default,
                DH0 = context.NeedsGrad(1) ? context.GradInput(1).Slice(d * batch * hout, batch * hout) : default,
                DC0 = _lstm && context.NeedsGrad(2) ? context.GradInput(2).Slice(d * batch * hidden, batch * hidden) : default,
                DWIh = Grad(context, first),
                DWHh = Grad(context, first + 1),
                DBIh = _bias ? Grad(context, first + 2) : default,
                DBHh = _bias ? Grad(context, first + 3) : default,
                DWHr = _proj ? Grad(context, first + (_bias ? 4 : 2)) : default,
            };
            _directions[d].Backward(x.ReadOnlyData, Spans(w, _bias, _proj), dOut, dirs * hout, d * hout,
                dhN.Slice(d * batch * hout, batch * hout), _lstm ? dcN.Slice(d * batch * hidden, batch * hidden) : default,
                grads, threads);
        }
    }

    private static Span<float> Grad(GradientContext context, int index) =>
        context.NeedsGrad(index) ? context.GradInput(index) : default;

    protected override void ReleaseSaved()
    {
        foreach (var d in _directions) d.Release();
    }
}
