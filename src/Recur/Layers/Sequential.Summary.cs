// Sequential.Summary: Keras' model.summary() for a Sequential: each layer's index and type, the shape it
// outputs for a given input shape, and its parameter count, then the totals. The shapes come from one
// forward pass on zeros, in evaluation mode and without recording gradients; every module's training
// flag is put back afterwards.
using System.Globalization;
using System.Text;
using Recur.Autograd;
using Recur.Tensors;

namespace Recur.Layers;

public partial class Sequential
{
    /// <summary>
    /// A table of the layers in the manner of Keras' <c>model.summary()</c>: "index (type)", the output shape for
    /// an input of <paramref name="inputShape"/> (the whole input, batch included, e.g. [32, 100, 13] for
    /// batch-first sequences), and the parameter count; then total, trainable (requiring grad) and
    /// non-trainable parameters, a tied parameter counted once. An input the layers cannot take fails with
    /// the layer's own error, named by its index.
    /// </summary>
    public string Summary(params int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length == 0 || inputShape.Any(d => d <= 0))
            throw new ArgumentException($"Summary: the input shape must have at least one axis, each positive, got {Shapes.Format(inputShape)}.");
        var rows = new List<(string Layer, string Shape, string Params)>();
        var flags = TrainingFlags();
        try
        {
            Eval();
            using var noGrad = GradMode.NoGrad();
            var x = Tensor.Zeros(inputShape);
            for (int i = 0; i < _layers.Count; i++)
            {
                var module = (Module)_layers[i];
                try
                {
                    x = _layers[i].Forward(x);
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException($"Summary: layer {i} ({module.DisplayName}) cannot take input of shape {Shapes.Format(x.Shape)}: {e.Message}", e);
                }
                rows.Add((string.Create(CultureInfo.InvariantCulture, $"{i} ({module.DisplayName})"), Shapes.Format(x.Shape),
                    module.ParameterCount().ToString("N0", CultureInfo.InvariantCulture)));
            }
        }
        finally
        {
            RestoreTraining(flags);
        }
        var parameters = Parameters();
        long total = parameters.Sum(p => (long)p.Length), trainable = parameters.Where(p => p.RequiresGrad).Sum(p => (long)p.Length);
        const string h1 = "Layer (type)", h2 = "Output Shape", h3 = "Param #";
        int w1 = Math.Max(h1.Length, rows.Count == 0 ? 0 : rows.Max(r => r.Layer.Length));
        int w2 = Math.Max(h2.Length, rows.Count == 0 ? 0 : rows.Max(r => r.Shape.Length));
        int w3 = Math.Max(h3.Length, rows.Count == 0 ? 0 : rows.Max(r => r.Params.Length));
        string rule = new('=', w1 + w2 + w3 + 4);
        var sb = new StringBuilder();
        sb.Append(h1.PadRight(w1)).Append("  ").Append(h2.PadRight(w2)).Append("  ").Append(h3.PadLeft(w3)).Append('\n').Append(rule).Append('\n');
        foreach (var (layer, shape, count) in rows)
            sb.Append(layer.PadRight(w1)).Append("  ").Append(shape.PadRight(w2)).Append("  ").Append(count.PadLeft(w3)).Append('\n');
        sb.Append(rule).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"Input shape: {Shapes.Format(inputShape)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"Total params: {total:N0}\n");
        sb.Append(CultureInfo.InvariantCulture, $"Trainable params: {trainable:N0}\n");
        sb.Append(CultureInfo.InvariantCulture, $"Non-trainable params: {total - trainable:N0}");
        return sb.ToString();
    }
}
