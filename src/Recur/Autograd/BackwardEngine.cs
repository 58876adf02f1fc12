// BackwardEngine: runs reverse-mode differentiation from one tensor. The tape is the graph of nodes
// reachable from the root; nodes run in reverse topological order (Kahn's algorithm over consumer
// counts, deterministic for a given graph), each exactly once, after every consumer of its outputs.
// Iterative throughout, so graphs of millions of nodes (long unrolled sequences) do not overflow the stack.
using Recur.Tensors;

namespace Recur.Autograd;

internal static class BackwardEngine
{
    internal const string FreedMessage =
        "Trying to backward through the graph a second time (or directly access saved tensors after they have " +
        "already been freed). Saved intermediate values of the graph are freed when you call Backward(). " +
        "Specify retainGraph: true if you need to backward through the graph a second time.";

    internal static void Run(Tensor root, ReadOnlySpan<float> seed, bool retainGraph)
    {
        if (root.IsLeaf)
        {
            TensorPrimitives.Add(GradBuffer(root), seed, GradBuffer(root));
            return;
        }

        var rootNode = root.GradFn!;
        var pending = new Dictionary<Node, int>(ReferenceEqualityComparer.Instance) { [rootNode] = 0 };
        var stack = new Stack<Node>();
        stack.Push(rootNode);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            foreach (var input in node.Inputs)
            {
                if (!input.RequiresGrad || input.GradFn is not { } producer) continue;
                if (pending.TryGetValue(producer, out int count))
                    pending[producer] = count + 1;
                else
                {
                    pending[producer] = 1;
                    stack.Push(producer);
                }
            }
        }

        var rootGrad = GradBuffer(root);
        TensorPrimitives.Add(rootGrad, seed, rootGrad);

        stack.Push(rootNode);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.IsReleased)
                throw new InvalidOperationException(FreedMessage + $" (op: {node.Name})");
            node.Backward(new GradientContext(node));
            FinishNode(node, retainGraph);
            foreach (var input in node.Inputs)
            {
                if (!input.RequiresGrad || input.GradFn is not { } producer) continue;
                int left = pending[producer] - 1;
                pending[producer] = left;
                if (left == 0) stack.Push(producer);
            }
        }
    }

    private static void FinishNode(Node node, bool retainGraph)
    {
        if (node.Retained is { } retained)
        {
            for (int i = 0; i < retained.Length; i++)
            {
                if (retained[i] is not { } t || node.OutputGrads[i] is not { } g) continue;
                t.Grad ??= Tensor.Zeros(t.ShapeArray);
                TensorPrimitives.Add(t.Grad.Data, g, t.Grad.Data);
            }
        }
        Array.Clear(node.OutputGrads);
        if (!retainGraph) node.Release();
    }

    /// <summary>The buffer that accumulates the gradient of <paramref name="t"/> during this pass.</summary>
    internal static Span<float> GradBuffer(Tensor t)
    {
        if (t.GradFn is { } node)
            return node.OutputGrads[t.OutputIndex] ??= new float[t.Length];
        if (t.Grad == null)
            t.Grad = Tensor.Zeros(t.ShapeArray);
        else if (!t.Grad.Shape.SequenceEqual(t.Shape))
            throw new InvalidOperationException(
                $"The existing Grad of shape {Shapes.Format(t.Grad.Shape)} does not match its tensor's shape {Shapes.Format(t.Shape)}; set Grad to null or to a tensor of the same shape.");
        return t.Grad.Data;
    }
}
