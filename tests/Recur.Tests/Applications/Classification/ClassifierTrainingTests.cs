using Recur.Applications;
using Recur.Applications.Classification;
using Recur.Layers;
using Recur.Tensors;
using Recur.Tests.IO;

namespace Recur.Tests.Applications.Classification;

public class ClassifierTrainingTests
{
    /// <summary>
    /// Texts of random filler words with one cue word: "refund", "broken" or "late" mean "complaint" (30 %),
    /// "thanks", "love" or "great" mean "praise". Filler words come from a pool of 40.
    /// </summary>
    internal static (List<string> Texts, List<string> Labels) Synthetic(int count, ulong seed)
    {
        var g = new Generator(seed);
        string[] bad = ["refund", "broken", "late"], good = ["thanks", "love", "great"];
        var texts = new List<string>();
        var labels = new List<string>();
        for (int i = 0; i < count; i++)
        {
            bool complaint = g.NextDouble() < 0.3;
            var words = new List<string>();
            int n = 3 + g.NextInt(8);
            for (int k = 0; k < n; k++) words.Add($"w{g.NextInt(40)}");
            var cue = complaint ? bad[g.NextInt(3)] : good[g.NextInt(3)];
            words.Insert(g.NextInt(words.Count + 1), g.NextDouble() < 0.5 ? cue.ToUpperInvariant() : cue);
            texts.Add(string.Join(' ', words) + (g.NextDouble() < 0.5 ? "!" : "."));
            labels.Add(complaint ? "complaint" : "praise");
        }
        return (texts, labels);
    }

    internal static ClassifierOptions Small(string? output = null, bool bidirectional = false, string cell = "gru", Pooling pooling = Pooling.Attention) => new()
    {
        Embed = 12, Hidden = 12, Batch = 16, Epochs = 6, LearningRate = 0.01f, Seed = 5, Out = output,
        Bidirectional = bidirectional, Cell = cell, Pooling = pooling, MinCount = 2,
    };

    [Theory]
    [InlineData("gru", false, Pooling.Attention)]
    [InlineData("lstm", true, Pooling.Mean)]
    public void Learns_far_beyond_the_majority_baseline_and_the_saved_model_predicts_the_same(string cell, bool bidirectional, Pooling pooling)
    {
        var (texts, labels) = Synthetic(400, 11);
        using var dir = new ScratchDir();
        string path = dir.File("cls.safetensors");
        var r = ClassifierTraining.Train(texts, labels, Small(path, bidirectional, cell, pooling));
        Assert.True(r.Test.BaselineAccuracy > 0.6 && r.Test.BaselineAccuracy < 0.8, $"baseline {r.Test.BaselineAccuracy}");
        Assert.True(r.Test.Accuracy >= 0.95, $"test accuracy {r.Test.Accuracy} (baseline {r.Test.BaselineAccuracy})");
        Assert.True(r.Test.MacroF1 >= 0.9, $"macro F1 {r.Test.MacroF1}");
        Assert.Equal(400, r.TrainSamples + r.Test.Samples);

        string[] probe = ["w1 w2 REFUND w3", "great w7", "w1 zzzunknown love"];
        var before = r.Model.PredictProbabilities(probe);
        var loaded = TextClassifier.Load(path);
        var after = loaded.PredictProbabilities(probe);
        for (int i = 0; i < probe.Length; i++) Assert.Equal(before[i], after[i]);
        Assert.Equal(["complaint", "praise", "praise"], loaded.Predict(probe).Select(p => p.Label));
        var again = loaded.Evaluate(texts, labels);
        Assert.True(again.Accuracy >= 0.95, $"accuracy on all data {again.Accuracy}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_model()
    {
        var (texts, labels) = Synthetic(120, 2);
        var o = Small() with { Epochs = 2 };
        var a = ClassifierTraining.Train(texts, labels, o);
        var b = ClassifierTraining.Train(texts, labels, o);
        Assert.Equal(a.Model.Network.StateDict()["head.weight"].ToArray(), b.Model.Network.StateDict()["head.weight"].ToArray());
        Assert.Equal(a.ToJson().Split("\"seconds\"")[0], b.ToJson().Split("\"seconds\"")[0]);
    }

    [Fact]
    public void Unknown_words_map_to_unk_learned_from_the_training_split_only()
    {
        var (texts, labels) = Synthetic(100, 4);
        var r = ClassifierTraining.Train(texts, labels, Small() with { Epochs = 1 });
        var vocab = r.Model.Vocabulary;
        Assert.Equal(0, vocab.PadIndex);
        Assert.Equal(1, vocab.UnknownIndex);
        Assert.Equal([vocab.IndexOf("refund"), 1, vocab.IndexOf("!")], r.Model.Encode("Refund neverseenword !"));
    }

    [Fact]
    public void Bad_input_is_a_clear_error_and_writes_no_model()
    {
        using var dir = new ScratchDir();
        string path = dir.File("m.safetensors");
        var e = Assert.Throws<InvalidDataException>(() => ClassifierTraining.Train(["a b", "c d", "e f"], ["x", "x", "x"], Small(path)));
        Assert.Contains("only one label", e.Message);
        Assert.Throws<ArgumentException>(() => ClassifierTraining.Train(["a"], ["x"], Small(path) with { Cell = "transformer" }));
        Assert.Throws<ArgumentException>(() => ClassifierTraining.Train(["a"], ["x"], Small(dir.File("no/such/dir/m.safetensors"))));
        Assert.False(File.Exists(path));

        TaskModelFile.Save(path, "forecast", "{}", new Linear(2, 2, generator: new Generator(1)));
        e = Assert.Throws<InvalidDataException>(() => TextClassifier.Load(path));
        Assert.Contains("'forecast' model, not a 'classify' model", e.Message);
    }
}
