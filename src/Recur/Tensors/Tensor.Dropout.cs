// Tensor.Dropout: inverted dropout with an explicit generator.
using Recur.Autograd.Functions;

namespace Recur.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Inverted dropout: each element of <paramref name="x"/> is zeroed with probability <paramref name="p"/>
    /// (drawn from <paramref name="generator"/>, one NextFloat per element) and the kept ones are scaled by
    /// 1 / (1 - p); same shape. With <paramref name="training"/> false or p == 0, returns x itself.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">p is not in [0, 1).</exception>
    public static Tensor Dropout(Tensor x, float p, Generator generator, bool training = true)
        => DropoutFunction.Forward(x, p, generator, training);
}
