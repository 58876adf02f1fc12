// LastStepRegressor: a recurrent layer over time-major input followed by a Linear head on the last
// step's output: x [T, B, I] -> [B, out]. The model of the adding problem.
using Recur.Layers;
using Recur.Tensors;

namespace Recur.Tasks;

/// <summary>RNN + Linear on the last step.</summary>
public sealed class LastStepRegressor : Module, ILayer
{
    private readonly ILayer _rnn;
    private readonly Linear _head;

    /// <summary>Registers the parts as "rnn" and "head".</summary>
    public LastStepRegressor(RecurrentLayer rnn, Linear head)
    {
        _rnn = RegisterModule("rnn", rnn);
        _head = RegisterModule("head", head);
    }

    /// <inheritdoc/>
    public Tensor Forward(Tensor x)
    {
        var output = _rnn.Forward(x);
        return _head.Forward(output[output.Size(0) - 1]);
    }
}
