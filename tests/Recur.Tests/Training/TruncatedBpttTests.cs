using Recur.Data;
using Recur.Layers;
using Recur.Losses;
using Recur.Optim;
using Recur.Tensors;

namespace Recur.Tests.Training;

/// <summary>Truncated BPTT over a contiguous token stream: state carried between batches and detached.</summary>
public class TruncatedBpttTests
{
    private static (Embedding Emb, Lstm Lstm, Linear Head, Adam Opt) Model()
    {
        var g = new Generator(1);
        var emb = new Embedding(7, 4, generator: g);
        var lstm = new Lstm(4, 8, batchFirst: true, generator: g);
        var head = new Linear(8, 7, generator: g);
        return (emb, lstm, head, new Adam(emb.Parameters().Concat(lstm.Parameters()).Concat(head.Parameters()), lr: 0.01f));
    }

    private static int[] Tokens() => Enumerable.Range(0, 400).Select(i => (i * 3 + i / 7) % 7).ToArray();

    [Fact]
    public void Carried_and_detached_state_trains_across_batches_and_learns_the_stream()
    {
        var (emb, lstm, head, opt) = Model();
        var stream = new LanguageModelStream(Tokens(), batchSize: 4, bptt: 10);
        var loss = new CrossEntropyLoss();
        (Tensor H, Tensor C)? state = null;
        var losses = new List<float>();
        for (int epoch = 0; epoch < 15; epoch++)
        {
            state = null;
            foreach (var (x, y) in stream.Batches())
            {
                var (output, h, c) = lstm.Forward(emb.Forward(x), state);
                var l = loss.Compute(head.Forward(output), y);
                l.Backward();
                opt.Step();
                opt.ZeroGrad();
                state = (h.Detach(), c.Detach());
                losses.Add(l.Item());
            }
        }
        Assert.True(losses[^1] < 0.5 * losses[0], $"loss {losses[0]} -> {losses[^1]}");
    }

    [Fact]
    public void Forgetting_to_detach_the_state_is_reported_with_what_to_do()
    {
        var (emb, lstm, head, opt) = Model();
        var stream = new LanguageModelStream(Tokens(), batchSize: 4, bptt: 10);
        var loss = new CrossEntropyLoss();
        (Tensor H, Tensor C)? state = null;
        var e = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var (x, y) in stream.Batches())
            {
                var (output, h, c) = lstm.Forward(emb.Forward(x), state);
                loss.Compute(head.Forward(output), y).Backward();
                opt.Step();
                opt.ZeroGrad();
                state = (h, c); // not detached: the next backward reaches the freed graph of this batch
            }
        });
        Assert.Contains("retainGraph", e.Message);
    }
}
