// HierarchicalPooling: how each level of a HierarchicalEncoder pools a sequence of outputs into one vector.
using Recur.Layers.Attention;

namespace Recur.Layers;

/// <summary>How a level of <see cref="HierarchicalEncoder"/> turns a sequence of outputs into one vector.</summary>
public enum HierarchicalPooling
{
    /// <summary>The output at the last real step (bidirectional: the forward half there, the reverse half at step 0).</summary>
    Last,

    /// <summary>Additive attention over the real steps with a learned query (<see cref="AttentionPooling"/>).</summary>
    Attention,
}
