// GradientContext: what a node's backward sees: read-only gradients of its outputs and accumulation
// buffers for the gradients of its inputs. Buffers are added into (+=), never overwritten, so that a
// tensor used twice gets the sum of both contributions.
using Recur.Tensors;

namespace Recur.Autograd;

/// <summary>Hands a node the gradients of its outputs and the buffers for its inputs' gradients.</summary>
public readonly ref struct GradientContext
{
    private readonly Node _node;

    internal GradientContext(Node node) => _node = node;

    /// <summary>The gradient of output <paramref name="index"/> (zeros when that output was not used).</summary>
    public ReadOnlySpan<float> GradOutput(int index = 0)
    {
        var g = _node.OutputGrads[index];
        if (g == null)
        {
            g = new float[Shapes.Count(_node.OutputShapes[index])];
            _node.OutputGrads[index] = g;
        }
        return g;
    }

    /// <summary>Whether output <paramref name="index"/> received any gradient.</summary>
    public bool HasGradOutput(int index = 0) => _node.OutputGrads[index] != null;

    /// <summary>Whether input <paramref name="index"/> needs a gradient.</summary>
    public bool NeedsGrad(int index) => _node.Inputs[index].RequiresGrad;

    /// <summary>
    /// The buffer into which the gradient of input <paramref name="index"/> is to be added, shaped like
    /// that input. Only call it when <see cref="NeedsGrad"/> is true.
    /// </summary>
    public Span<float> GradInput(int index) => BackwardEngine.GradBuffer(_node.Inputs[index]);
}
