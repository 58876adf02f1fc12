using Recur.Kernels.Reference;

namespace Recur.Tests.Kernels.Reference;

public class GemmReferenceTests
{
    [Fact]
    public void Hand_worked_product_with_transposes_alpha_and_beta()
    {
        // A = [[1,2,3],[4,5,6]] (2x3), B = [[7,8],[9,10],[11,12]] (3x2): AB = [[58,64],[139,154]].
        double[] a = [1, 2, 3, 4, 5, 6];
        double[] b = [7, 8, 9, 10, 11, 12];
        double[] c = [1, 1, 1, 1];
        GemmReference.Multiply(false, false, 2, 2, 3, 2.0, a, 3, b, 2, 0.5, c, 2);
        Assert.Equal(new double[] { 116.5, 128.5, 278.5, 308.5 }, c);
        // A^T stored as 3x2 and B^T stored as 2x3 give the same product.
        double[] at = [1, 4, 2, 5, 3, 6];
        double[] bt = [7, 9, 11, 8, 10, 12];
        double[] c2 = new double[4];
        GemmReference.Multiply(true, true, 2, 2, 3, 1.0, at, 2, bt, 3, 0.0, c2, 2);
        Assert.Equal(new double[] { 58, 64, 139, 154 }, c2);
    }
}
