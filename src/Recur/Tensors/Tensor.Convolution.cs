// Tensor convolution and pooling over time, channels-first as PyTorch: x [B, C, T]. Shapes and formulas
// are in the functions (Autograd/Functions/Conv1dFunction, MaxPool1dFunction, AvgPool1dFunction).
using Recur.Autograd.Functions;

namespace Recur.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// 1-D cross-correlation (torch.nn.functional.conv1d, groups 1): x [B, Cin, T], weight [Cout, Cin, K],
    /// bias [Cout] or null -> [B, Cout, To], To = floor((T + 2 padding - dilation (K - 1) - 1) / stride) + 1.
    /// </summary>
    public static Tensor Conv1d(Tensor x, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1) =>
        Conv1dFunction.Forward(x, weight, bias, stride, padding, dilation);

    /// <summary>Max over windows of <paramref name="kernel"/> steps: [B, C, T] -> [B, C, To], To = floor((T + 2 padding - kernel) / stride) + 1; stride defaults to kernel.</summary>
    public Tensor MaxPool1d(int kernel, int? stride = null, int padding = 0) =>
        MaxPool1dFunction.Forward(this, kernel, stride ?? kernel, padding);

    /// <summary>Mean over windows (zero padding counted, as PyTorch's count_include_pad): shapes as <see cref="MaxPool1d"/>.</summary>
    public Tensor AvgPool1d(int kernel, int? stride = null, int padding = 0) =>
        AvgPool1dFunction.Forward(this, kernel, stride ?? kernel, padding);
}
