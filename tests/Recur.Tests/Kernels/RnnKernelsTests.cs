// RnnKernels' backward pointwise pass against its scalar rule, on the vector body (8 lanes) and the tail:
// tanh: dh (1 - y^2); relu: dh unless y <= 0, so a NaN output passes the gradient (PyTorch's threshold_backward).
using Recur.Kernels;

namespace Recur.Tests.Kernels;

public class RnnKernelsTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Backward_follows_the_scalar_rule_in_every_lane(bool relu)
    {
        float[] y = [float.NaN, -1f, 0f, 2f, 0.5f, -0f, 3f, -0.25f, float.NaN, 0f, 1f]; // 8 vector lanes + 3 tail
        float[] dh = [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f];
        var dPre = new float[y.Length];
        RnnKernels.Backward(y, dh, dPre, relu);
        for (int j = 0; j < y.Length; j++)
        {
            float expected = relu ? (y[j] <= 0f ? 0f : dh[j]) : dh[j] * (1f - y[j] * y[j]);
            Assert.Equal(expected, dPre[j]);
        }
        if (relu) Assert.Equal(new[] { 1f, 0f, 0f, 4f, 5f, 0f, 7f, 0f, 9f, 0f, 11f }, dPre);
    }
}
