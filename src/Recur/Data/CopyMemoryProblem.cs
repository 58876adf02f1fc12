// CopyMemoryProblem: the copy task of Hochreiter & Schmidhuber (1997) in the form of Arjovsky et al. (2016).
// Input (length T + 2K, K = copyLength): K symbols uniform in 1..S, T - 1 blanks (0), the delimiter S + 1, K blanks.
// Target: T + K blanks, then the K symbols. Classes: S + 2. A memoryless model predicts blanks, then guesses
// uniformly over the S symbols: its mean cross-entropy per step is K ln(S) / (T + 2K), 10 ln(8) / (T + 20) by default.
using Recur.Tensors;

namespace Recur.Data;

/// <summary>Generates batches of the copy-memory problem, batch-first: x [B, L] and y [B, L], L = T + 2K.</summary>
public sealed class CopyMemoryProblem
{
    private readonly Generator _generator;

    /// <summary>
    /// Sequences of <paramref name="copyLength"/> (K) symbols from <paramref name="symbols"/> (S) classes, recalled
    /// after a delay of <paramref name="delay"/> (T) steps: T - 1 blanks, then the delimiter.
    /// </summary>
    public CopyMemoryProblem(int delay, Generator generator, int symbols = 8, int copyLength = 10)
    {
        if (delay < 1) throw new ArgumentException($"The copy-memory delay must be at least 1, got {delay}.", nameof(delay));
        if (symbols < 1) throw new ArgumentException($"The copy-memory problem needs at least 1 symbol, got {symbols}.", nameof(symbols));
        if (copyLength < 1) throw new ArgumentException($"The copy length must be at least 1, got {copyLength}.", nameof(copyLength));
        if ((long)delay + 2L * copyLength > 1_000_000)
            throw new ArgumentException($"The copy-memory delay {delay} makes sequences of {(long)delay + 2L * copyLength} steps; at most 1,000,000 are supported (--length).", nameof(delay));
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
        Delay = delay;
        Symbols = symbols;
        CopyLength = copyLength;
    }

    /// <summary>The blank class id.</summary>
    public const int Blank = 0;

    /// <summary>T, the delay.</summary>
    public int Delay { get; }

    /// <summary>S, the number of symbol classes (ids 1..S).</summary>
    public int Symbols { get; }

    /// <summary>K, the number of symbols to copy.</summary>
    public int CopyLength { get; }

    /// <summary>The delimiter id, S + 1, at position K + T - 1 of the input.</summary>
    public int Delimiter => Symbols + 1;

    /// <summary>S + 2 classes: blank, the S symbols, the delimiter.</summary>
    public int Classes => Symbols + 2;

    /// <summary>L = T + 2K.</summary>
    public int SequenceLength => Delay + 2 * CopyLength;

    /// <summary>The memoryless baseline of this instance: K ln(S) / (T + 2K).</summary>
    public double Baseline => BaselineLoss(Delay, Symbols, CopyLength);

    /// <summary>
    /// Mean cross-entropy (nats per step) of the memoryless strategy: 0 on the T + K blank targets and ln(S)
    /// on each of the K symbol targets, so K ln(S) / (T + 2K); 10 ln(8) / (T + 20) for the defaults.
    /// </summary>
    public static double BaselineLoss(int delay, int symbols = 8, int copyLength = 10) =>
        copyLength * Math.Log(symbols) / (delay + 2.0 * copyLength);

    /// <summary>A new batch: x [B, L] input ids and y [B, L] target class ids, as floats.</summary>
    public (Tensor X, Tensor Y) Batch(int batch)
    {
        if (batch <= 0) throw new ArgumentException($"The batch size must be positive, got {batch}.", nameof(batch));
        var x = Tensor.Zeros(batch, SequenceLength);
        var y = Tensor.Zeros(batch, SequenceLength);
        Fill(x, y);
        return (x, y);
    }

    /// <summary>Overwrites caller-owned buffers x [B, L] and y [B, L] with a new batch.</summary>
    public void Fill(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        int l = SequenceLength;
        if (x.Rank != 2 || x.Size(1) != l || y.Rank != 2 || y.Size(1) != l || y.Size(0) != x.Size(0))
            throw new ArgumentException(
                $"x and y must both be [B, {l}], got {Shapes.Format(x.ShapeArray)} and {Shapes.Format(y.ShapeArray)}.");
        int k = CopyLength, b = x.Size(0);
        Span<float> xd = x.Data, yd = y.Data;
        xd.Clear();
        yd.Clear();
        for (int i = 0; i < b; i++)
        {
            var xr = xd.Slice(i * l, l);
            var yr = yd.Slice(i * l, l);
            for (int j = 0; j < k; j++)
            {
                float symbol = 1 + _generator.NextInt(Symbols);
                xr[j] = symbol;
                yr[Delay + k + j] = symbol;
            }
            xr[k + Delay - 1] = Delimiter;
        }
    }
}
