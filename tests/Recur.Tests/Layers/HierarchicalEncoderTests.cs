// HierarchicalEncoder: outputs and every gradient against PyTorch 1.13 (tools/golden/make_hierarchical_goldens.py),
// finite-difference gradients, padding that changes nothing, and bad input named.
using System.Text.Json;
using Recur.IO;
using Recur.Layers;
using Recur.Tensors;

namespace Recur.Tests.Layers;

public class HierarchicalEncoderTests
{
    private static readonly string File = Path.Combine(TestUtil.RepoRoot, "tests", "golden", "layers", "hierarchical.safetensors");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Configs()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    private static JsonElement[] Configs() =>
        JsonDocument.Parse(SafeTensors.Read(File).Metadata["cases"]).RootElement.EnumerateArray().ToArray();

    private static RecurrentLayer Layer(string cell, int input, int hidden, bool bidirectional) => cell == "lstm"
        ? new Lstm(input, hidden, batchFirst: true, bidirectional: bidirectional)
        : new Gru(input, hidden, batchFirst: true, bidirectional: bidirectional);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_pytorch_in_outputs_and_every_gradient(string name)
    {
        var file = SafeTensors.Read(File);
        var c = Configs().Single(e => e.GetProperty("name").GetString() == name);
        Tensor Get(string what) => file[$"{name}/{what}"].ToTensor();
        int I(string key) => c.GetProperty(key).GetInt32();
        bool Bool(string key) => c.GetProperty(key).GetBoolean();
        var word = Layer(c.GetProperty("word_cell").GetString()!, I("embed"), I("word_hidden"), Bool("word_bidirectional"));
        var sentence = Layer(c.GetProperty("sentence_cell").GetString()!, word.Directions * word.HOut, I("sentence_hidden"), Bool("sentence_bidirectional"));
        bool attention = c.GetProperty("pooling").GetString() == "attention";
        var encoder = new HierarchicalEncoder(word, sentence, attention ? HierarchicalPooling.Attention : HierarchicalPooling.Last,
            attention ? I("attention_size") : 100);
        var state = encoder.StateDict();
        encoder.LoadStateDict(state.Keys.ToDictionary(k => k, k => Get("param/" + k)));
        var x = Get("x").RequireGrad();
        int[] lengths = file[$"{name}/word_lengths"].AsInt64().Select(v => (int)v).ToArray();
        var (sentences, document) = encoder.Forward(x, lengths);
        ((sentences * Get("w_s")).Sum() + (document * Get("w_d")).Sum()).Backward();
        TestUtil.AssertClose(Get("sentences").ReadOnlyData, sentences.ReadOnlyData, 1e-5, 1e-5, $"{name} sentences");
        TestUtil.AssertClose(Get("document").ReadOnlyData, document.ReadOnlyData, 1e-5, 1e-5, $"{name} document");
        TestUtil.AssertClose(Get("grad/x").ReadOnlyData, x.Grad!.ReadOnlyData, 1e-5, 1e-5, $"{name} grad x");
        foreach (var (key, p) in state)
            TestUtil.AssertClose(Get("grad/" + key).ReadOnlyData, p.Grad!.ReadOnlyData, 1e-5, 1e-5, $"{name} grad {key}");
    }

    [Theory]
    [InlineData(HierarchicalPooling.Last)]
    [InlineData(HierarchicalPooling.Attention)]
    public void Gradients_match_finite_differences(HierarchicalPooling pooling)
    {
        var g = new Generator(41);
        var encoder = new HierarchicalEncoder(new Gru(3, 2, batchFirst: true, bidirectional: true, generator: g),
            new Rnn(4, 3, batchFirst: true, generator: g), pooling, attentionSize: 3, generator: g);
        int[] lengths = [2, 3, 0, 1, 1, 2];
        var parameters = encoder.Parameters().ToArray();
        TestUtil.AssertGradCheck(t =>
        {
            var (sentences, document) = encoder.Forward(t[0], lengths);
            return (sentences * sentences).Sum() + document.Sum();
        }, [TestUtil.Rand(g, 2, 3, 3, 3), .. parameters]);
    }

    [Fact]
    public void A_document_gives_the_same_vectors_alone_and_in_a_padded_batch()
    {
        var encoder = new HierarchicalEncoder(new Lstm(4, 5, batchFirst: true, generator: new Generator(7)),
            new Gru(5, 6, batchFirst: true, bidirectional: true, generator: new Generator(8)));
        var g = new Generator(9);
        // Alone: 2 sentences of 3 and 1 words. In a batch: padded to 3 sentences of 4 words, beside a longer document.
        var alone = Tensor.Uniform(g, -1, 1, 1, 2, 3, 4);
        var batch = Tensor.Uniform(g, -1, 1, 2, 3, 4, 4); // padding filled with noise on purpose
        for (int s = 0; s < 2; s++)
            for (int t = 0; t < 3; t++)
                for (int f = 0; f < 4; f++)
                    batch.SetValue(alone.GetValue(0, s, t, f), 1, s, t, f);
        var (sentencesAlone, documentAlone) = encoder.Forward(alone, [3, 1]);
        var (sentencesBatch, documentBatch) = encoder.Forward(batch, [4, 4, 2, 3, 1, 0]);
        TestUtil.AssertClose(documentAlone.ReadOnlyData, documentBatch[1].ReadOnlyData, 1e-6, 1e-6, "document vector");
        TestUtil.AssertClose(sentencesAlone[0].ReadOnlyData, sentencesBatch[1].Slice(0, 0, 2).ReadOnlyData, 1e-6, 1e-6, "sentence outputs");
        Assert.All(sentencesBatch[1][2].ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(12, encoder.OutputSize);
        Assert.Equal([2, 12], documentBatch.ShapeArray);
    }

    [Fact]
    public void Bad_input_is_named()
    {
        var encoder = new HierarchicalEncoder(new Gru(2, 3, batchFirst: true), new Gru(3, 2, batchFirst: true));
        var x = Tensor.Zeros(2, 2, 3, 2);
        Assert.Contains("document 0 has a sentence of 2 words (sentence 1) after an empty one",
            Assert.Throws<ArgumentException>(() => encoder.Forward(x, [0, 2, 1, 1])).Message);
        Assert.Contains("document 1 has no sentence with words", Assert.Throws<ArgumentException>(() => encoder.Forward(x, [1, 1, 0, 0])).Message);
        Assert.Contains("expected 4 word lengths (B x S = 2 x 2), got 3", Assert.Throws<ArgumentException>(() => encoder.Forward(x, [1, 1, 1])).Message);
        Assert.Contains("sentence 1 of document 0 has length 4, outside 0..3", Assert.Throws<ArgumentException>(() => encoder.Forward(x, [1, 4, 1, 1])).Message);
        Assert.Contains("expected words [B, S, W, 2], got [2, 2, 3]", Assert.Throws<ArgumentException>(() => encoder.Forward(Tensor.Zeros(2, 2, 3), [1, 1, 1, 1])).Message);
        Assert.Contains("must be batch-first", Assert.Throws<ArgumentException>(() => new HierarchicalEncoder(new Gru(2, 3), new Gru(3, 2, batchFirst: true))).Message);
        Assert.Contains("the sentence encoder's input size is 4, but the word encoder outputs 6 features",
            Assert.Throws<ArgumentException>(() => new HierarchicalEncoder(new Gru(2, 3, batchFirst: true, bidirectional: true), new Gru(4, 2, batchFirst: true))).Message);
        Assert.StartsWith("HierarchicalEncoder(\n  pooling=last\n  (word_encoder): GRU(2, 3, batch_first=True)", encoder.ToString());
    }
}
