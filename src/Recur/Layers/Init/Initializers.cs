// Initializers: parameter initialisers with torch.nn.init's formulas, drawing from an explicit Generator:
// uniform, normal, zeros, ones, Xavier/Glorot (Glorot & Bengio 2010; std = gain sqrt(2 / (fan_in + fan_out))),
// orthogonal (Saxe et al. 2014; QR of a normal matrix with R's diagonal signs folded into Q), PyTorch's
// recurrent-layer default U(-1/sqrt(H), 1/sqrt(H)) and Keras' unit forget bias for LSTMs (Jozefowicz et al.
// 2015). Fans follow torch's _calculate_fan_in_and_fan_out: fan_in = size(1) * receptive, fan_out = size(0) * receptive.
using Recur.Kernels;
using Recur.Tensors;

namespace Recur.Layers.Init;

/// <summary>In-place initialisers; each writes the tensor's data (not recorded by autograd) and returns it.</summary>
public static class Initializers
{
    /// <summary>Fills <paramref name="t"/> with U(<paramref name="a"/>, <paramref name="b"/>).</summary>
    public static Tensor Uniform(Tensor t, float a, float b, Generator g)
    {
        Check(t, g);
        if (!(a <= b)) throw new ArgumentException($"Uniform expects a <= b, got a={a}, b={b}.");
        g.FillUniform(t.Data, a, b);
        return t;
    }

    /// <summary>Fills <paramref name="t"/> with N(<paramref name="mean"/>, <paramref name="std"/>^2).</summary>
    public static Tensor Normal(Tensor t, float mean, float std, Generator g)
    {
        Check(t, g);
        if (!(std >= 0)) throw new ArgumentException($"Normal expects std >= 0, got {std}.");
        g.FillNormal(t.Data, mean, std);
        return t;
    }

    /// <summary>Fills <paramref name="t"/> with zeros.</summary>
    public static Tensor Zeros(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        t.Data.Clear();
        return t;
    }

    /// <summary>Fills <paramref name="t"/> with ones.</summary>
    public static Tensor Ones(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        t.Data.Fill(1f);
        return t;
    }

    /// <summary>
    /// torch's fans of a weight of rank &gt;= 2: fan_in = size(1) * r, fan_out = size(0) * r, where r is the product
    /// of the trailing sizes (the receptive field).
    /// </summary>
    public static (int FanIn, int FanOut) FanInAndFanOut(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.Rank < 2)
            throw new ArgumentException($"Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (shape {Shapes.Format(t.Shape)}).");
        int receptive = 1;
        for (int i = 2; i < t.Rank; i++) receptive *= t.Shape[i];
        return (t.Shape[1] * receptive, t.Shape[0] * receptive);
    }

    /// <summary>Xavier/Glorot uniform: U(-a, a) with a = gain sqrt(6 / (fan_in + fan_out)).</summary>
    public static Tensor XavierUniform(Tensor t, Generator g, float gain = 1f)
    {
        Check(t, g);
        double a = Math.Sqrt(3.0) * XavierStd(t, gain);
        g.FillUniform(t.Data, (float)-a, (float)a);
        return t;
    }

    /// <summary>Xavier/Glorot normal: N(0, std^2) with std = gain sqrt(2 / (fan_in + fan_out)).</summary>
    public static Tensor XavierNormal(Tensor t, Generator g, float gain = 1f)
    {
        Check(t, g);
        g.FillNormal(t.Data, 0f, (float)XavierStd(t, gain));
        return t;
    }

    /// <summary>
    /// A (semi-)orthogonal matrix times <paramref name="gain"/>, as torch.nn.init.orthogonal_: the tensor is seen as
    /// rows = size(0) by cols = (the rest flattened); a normal matrix (transposed when rows &lt; cols) is QR-factorised
    /// and Q's columns are multiplied by the signs of R's diagonal. Rows are orthonormal when rows &lt;= cols, columns otherwise.
    /// </summary>
    public static Tensor Orthogonal(Tensor t, Generator g, float gain = 1f)
    {
        Check(t, g);
        if (t.Rank < 2) throw new ArgumentException($"Only tensors with 2 or more dimensions are supported (shape {Shapes.Format(t.Shape)}).");
        if (t.Length == 0) return t;
        int rows = t.Shape[0], cols = t.Length / rows;
        bool transpose = rows < cols;
        int m = transpose ? cols : rows, n = transpose ? rows : cols;
        var a = new double[rows * cols];
        for (int i = 0; i < a.Length; i++) a[i] = g.NextNormal();
        if (transpose) a = Transpose(a, rows, cols);
        var (q, rDiag) = HouseholderQr.Factor(a, m, n);
        for (int j = 0; j < n; j++)
        {
            double sign = Math.Sign(rDiag[j]); // torch: d.sign(), 0 for a zero pivot
            for (int i = 0; i < m; i++) q[i * n + j] *= sign;
        }
        if (transpose) q = Transpose(q, m, n);
        var data = t.Data;
        for (int i = 0; i < data.Length; i++) data[i] = (float)(gain * q[i]);
        return t;
    }

    /// <summary>
    /// Redraws every parameter of <paramref name="layer"/> from U(-1/sqrt(H), 1/sqrt(H)) in state-dict order, PyTorch's
    /// reset_parameters. The same generator state reproduces what the layer's constructor drew.
    /// </summary>
    public static void PytorchDefault(RecurrentLayer layer, Generator g)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(g);
        float bound = 1f / MathF.Sqrt(layer.HiddenSize);
        foreach (var p in layer.Parameters()) g.FillUniform(p.Data, -bound, bound);
    }

    /// <summary>
    /// Keras' unit_forget_bias for a PyTorch-layout LSTM (gates i, f, g, o): for every layer and direction the
    /// forget slice [H, 2H) of bias_ih is set to 1 and of bias_hh to 0, so the forget gate's total bias is 1.
    /// Throws for a non-LSTM layer or one without biases.
    /// </summary>
    public static void UnitForgetBias(RecurrentLayer lstm)
    {
        ArgumentNullException.ThrowIfNull(lstm);
        if (lstm.Kind != CellKind.Lstm) throw new ArgumentException($"UnitForgetBias needs an LSTM, got {lstm.Kind}.", nameof(lstm));
        if (!lstm.Bias) throw new ArgumentException("UnitForgetBias needs an LSTM with bias=true.", nameof(lstm));
        int h = lstm.HiddenSize;
        foreach (var (name, p) in lstm.NamedParameters())
        {
            if (name.StartsWith("bias_ih", StringComparison.Ordinal)) p.Data.Slice(h, h).Fill(1f);
            else if (name.StartsWith("bias_hh", StringComparison.Ordinal)) p.Data.Slice(h, h).Clear();
        }
    }

    private static double XavierStd(Tensor t, float gain)
    {
        var (fanIn, fanOut) = FanInAndFanOut(t);
        return gain * Math.Sqrt(2.0 / (fanIn + fanOut));
    }

    private static double[] Transpose(double[] a, int rows, int cols)
    {
        var b = new double[a.Length];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) b[j * rows + i] = a[i * cols + j];
        return b;
    }

    private static void Check(Tensor t, Generator g)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(g);
    }
}
