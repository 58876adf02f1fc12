// RnnKernels: the pointwise pass of one Elman RNN step for one row: h' = tanh(a) or relu(a) with
// a = gx + gh; backward dPre = dh' * (1 - h'^2) or dh' * [h' > 0].
namespace Recur.Kernels;

internal static class RnnKernels
{
    /// <summary>h [H] (out): the new state.</summary>
    internal static void Forward(ReadOnlySpan<float> gx, ReadOnlySpan<float> gh, Span<float> h, bool relu)
    {
        TensorPrimitives.Add(gx, gh, h);
        Activate(h, relu);
    }

    /// <summary>h [H] in: pre-activations, out: the new state.</summary>
    internal static void Activate(Span<float> h, bool relu)
    {
        if (relu) TensorPrimitives.Max(h, 0f, h);
        else TensorPrimitives.Tanh(h, h);
    }

    /// <summary>hNew [H]: the step's output; dh [H]: its gradient; dPre [H] (out).</summary>
    internal static void Backward(ReadOnlySpan<float> hNew, ReadOnlySpan<float> dh, Span<float> dPre, bool relu)
    {
        for (int j = 0; j < hNew.Length; j++)
        {
            float y = hNew[j];
            dPre[j] = relu ? (y > 0f ? dh[j] : 0f) : dh[j] * (1f - y * y);
        }
    }
}
