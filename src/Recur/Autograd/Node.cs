// Node: one recorded op in the autograd graph. It holds its inputs and the buffers its backward needs
// (named fields in each subclass, never closures), receives the gradients of its outputs and adds the
// gradients of its inputs. A fused op with several outputs (e.g. an LSTM's output, h_n, c_n) is one node.
using Recur.Tensors;

namespace Recur.Autograd;

/// <summary>A recorded op: the unit of work of the backward pass.</summary>
public abstract class Node
{
    private bool _released;

    /// <summary>Creates a node over its inputs (tensors that do not require grad are kept but skipped).</summary>
    protected Node(params Tensor[] inputs) => Inputs = inputs;

    /// <summary>The op's inputs, in the order its backward addresses them.</summary>
    internal Tensor[] Inputs { get; }

    /// <summary>Gradients of the outputs, allocated by the engine during a backward pass.</summary>
    internal float[]?[] OutputGrads = [];

    /// <summary>Shapes of the outputs.</summary>
    internal int[][] OutputShapes = [];

    /// <summary>Non-leaf outputs that asked to keep their gradient (RetainGrad).</summary>
    internal Tensor?[]? Retained;

    /// <summary>The op's name, as shown in errors and ToString (e.g. "MatMulBackward").</summary>
    public abstract string Name { get; }

    /// <summary>Whether the saved buffers were freed by a backward pass without retainGraph.</summary>
    internal bool IsReleased => _released;

    /// <summary>
    /// Adds the gradients of the inputs, computed from the gradients of the outputs, into the buffers
    /// that <paramref name="context"/> hands out.
    /// </summary>
    protected internal abstract void Backward(GradientContext context);

    /// <summary>Drops references to saved buffers so that they can be collected.</summary>
    protected virtual void ReleaseSaved() { }

    internal void Release()
    {
        _released = true;
        ReleaseSaved();
    }

    /// <summary>
    /// Creates the output tensors of an op and links them to this node when recording is on and any input
    /// requires grad. Returns whether the node was recorded (false: the outputs are plain tensors).
    /// </summary>
    internal bool Attach(params Tensor[] outputs)
    {
        if (!GradMode.IsEnabled || !AnyInputRequiresGrad())
            return false;
        OutputShapes = new int[outputs.Length][];
        OutputGrads = new float[]?[outputs.Length];
        for (int i = 0; i < outputs.Length; i++)
        {
            outputs[i].GradFn = this;
            outputs[i].OutputIndex = i;
            outputs[i].SetRequiresGradFromOp();
            OutputShapes[i] = outputs[i].ShapeArray;
        }
        return true;
    }

    internal bool AnyInputRequiresGrad()
    {
        foreach (var t in Inputs)
            if (t.RequiresGrad) return true;
        return false;
    }
}
