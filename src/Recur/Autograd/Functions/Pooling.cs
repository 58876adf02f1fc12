// Pooling: the argument checks and output length shared by MaxPool1dFunction and AvgPool1dFunction
// (PyTorch's rules: kernel >= 1, stride >= 1, 0 <= padding <= kernel / 2, output length >= 1).
using Recur.Tensors;

namespace Recur.Autograd.Functions;

internal static class Pooling
{
    /// <summary>To = floor((T + 2P - K) / S) + 1 (floor, not C#'s truncation: a window longer than the input gives To &lt;= 0).</summary>
    internal static int OutputLength(int length, int kernel, int stride, int padding) =>
        (int)Math.Floor((double)(length + 2 * padding - kernel) / stride) + 1;

    /// <summary>Validates x [B, C, T] and the settings; returns (B*C rows, T, To).</summary>
    internal static (int Rows, int Length, int OutLength) Check(string op, Tensor x, int kernel, int stride, int padding)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 3) throw new ArgumentException($"{op}: expected input [B, C, T], got {Shapes.Format(x.Shape)}.");
        if (kernel < 1 || stride < 1) throw new ArgumentException($"{op}: kernel ({kernel}) and stride ({stride}) must be >= 1.");
        if (padding < 0 || padding > kernel / 2) throw new ArgumentException($"{op}: pad should be at most half of kernel size ({kernel}), got {padding}.");
        int t = x.Size(2);
        if (t == 0 && x.Size(0) * x.Size(1) > 0)
            throw new ArgumentException($"{op}: expected a non-empty time axis, got input {Shapes.Format(x.Shape)}.");
        int to = OutputLength(t, kernel, stride, padding);
        if (to < 1) throw new ArgumentException($"{op}: input length {t} (padded {t + 2 * padding}) is shorter than the kernel {kernel}.");
        return (x.Size(0) * x.Size(1), t, to);
    }
}
