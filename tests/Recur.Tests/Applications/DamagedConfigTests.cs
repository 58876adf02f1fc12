// A task model file whose configuration JSON was damaged or edited by hand (nulls, repeats, sizes no
// network can have) fails to load with an InvalidDataException that names the file and the problem, never
// a NullReferenceException, a bare ArgumentException or a late failure on first use. Each case starts
// from a configuration that builds (its only failure is the missing weights), then breaks one field.
using System.Text.Json.Nodes;
using Recur.Applications;
using Recur.Applications.Classification;
using Recur.Applications.Forecasting;
using Recur.Applications.LanguageModeling;
using Recur.Applications.Speech;
using Recur.Applications.Tagging;
using Recur.Kernels;
using Recur.Layers;
using Recur.Tensors;
using Recur.Text;

namespace Recur.Tests.Applications;

public class DamagedConfigTests
{
    private const string FileName = "damaged.safetensors";

    private static TaskModel Model(string task, string json) => new(FileName, task, json, new Dictionary<string, Tensor>());

    private static string With(string json, string key, JsonNode? value)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node[key] = value;
        return node.ToJsonString();
    }

    /// <summary>Loading fails with an InvalidDataException that names the file and holds every phrase.</summary>
    private static void AssertBad(Action load, params string[] phrases)
    {
        var e = Assert.Throws<InvalidDataException>(load);
        Assert.True(e.Message.StartsWith(FileName + ":", StringComparison.Ordinal), e.Message);
        foreach (var p in phrases) Assert.True(e.Message.Contains(p, StringComparison.Ordinal), $"'{p}' is not in: {e.Message}");
    }

    /// <summary>The undamaged configuration builds: loading gets as far as the (missing) weights.</summary>
    private static void AssertBuildsButLacksWeights(Action load) =>
        AssertBad(load, "the tensors do not fit the model", "missing key");

    private static readonly string ClassifierJson =
        new ClassifierConfig { Tokens = ["<pad>", "<unk>", "good"], Labels = ["neg", "pos"], Embed = 4, Hidden = 4, AttentionSize = 4 }.ToJson();

    private static void LoadClassifier(string json) => TextClassifier.FromTaskModel(Model(TextClassifier.TaskName, json));

    [Fact]
    public void Classifier()
    {
        AssertBuildsButLacksWeights(() => LoadClassifier(ClassifierJson));
        AssertBad(() => LoadClassifier(With(ClassifierJson, "Tokens", null)), "Tokens");
        AssertBad(() => LoadClassifier(With(ClassifierJson, "Cell", null)), "Cell");
        AssertBad(() => LoadClassifier(With(ClassifierJson, "Cell", "xyz")), "'xyz' is not a recurrent cell");
        AssertBad(() => LoadClassifier(With(ClassifierJson, "Embed", 0)), "can be built", "must be positive");
        AssertBad(() => LoadClassifier(With(ClassifierJson, "Dropout", 5)), "can be built", "dropout");
        AssertBad(() => LoadClassifier(With(ClassifierJson, "MaxTokens", 0)), "\"MaxTokens\" is 0");
        AssertBad(() => LoadClassifier(With(ClassifierJson, "Labels", new JsonArray("pos", "pos"))), "\"Labels\" lists 'pos' twice");
        AssertBad(() => LoadClassifier(With(ClassifierJson, "Tokens", new JsonArray("<pad>", "<unk>", null))), "\"Tokens\" has a null at position 2");
    }

    private static readonly string ForecastJson = new ForecastConfig
    {
        Column = "y", Lookback = 4, Rnn = new RecurrentConfig { Kind = "lstm", InputSize = 1, HiddenSize = 4, BatchFirst = true },
    }.ToJson();

    private static void LoadForecaster(string json) => Forecaster.FromTaskModel(Model(Forecaster.Task, json));

    [Fact]
    public void Forecaster_()
    {
        AssertBuildsButLacksWeights(() => LoadForecaster(ForecastJson));
        AssertBad(() => LoadForecaster(With(ForecastJson, "column", null)), "column");
        AssertBad(() => LoadForecaster(With(ForecastJson, "rnn", null)), "rnn");
        AssertBad(() => LoadForecaster(With(ForecastJson, "transform", null)), "transform");
        var transform = JsonNode.Parse(ForecastJson)!["transform"]!.DeepClone();
        transform["difference"] = -1;
        AssertBad(() => LoadForecaster(With(ForecastJson, "transform", transform)), "difference must be 0, 1 or 2");
        var rnn = JsonNode.Parse(ForecastJson)!["rnn"]!.DeepClone();
        rnn["batch_first"] = false;
        AssertBad(() => LoadForecaster(With(ForecastJson, "rnn", rnn)), "can be built", "batch-first");
    }

    [Fact]
    public void A_configuration_far_larger_than_the_file_is_refused_before_its_weights_are_allocated()
    {
        // hidden_size 20,000 asks for 1.6 billion LSTM weights (6.4 GB) from a file that holds none.
        var rnn = JsonNode.Parse(ForecastJson)!["rnn"]!.DeepClone();
        rnn["hidden_size"] = 20_000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertBad(() => LoadForecaster(With(ForecastJson, "rnn", rnn)), "more parameters than the file can hold");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 50_000_000, "the weights were allocated before the refusal");
    }

    private static readonly string TaggerJson = new TaggerConfig
    {
        Words = ["a", "b"], Chars = ["a", "b"], Tags = ["N", "V"], WordDim = 4, CharDim = 2, CharHidden = 2, Hidden = 4, Layers = 1,
    }.ToJson();

    private static void LoadTagger(string json) => Tagger.FromTaskModel(Model(Tagger.TaskName, json));

    [Fact]
    public void Tagger_()
    {
        AssertBuildsButLacksWeights(() => LoadTagger(TaggerJson));
        AssertBad(() => LoadTagger(With(TaggerJson, "tags", null)), "tags");
        AssertBad(() => LoadTagger(With(TaggerJson, "words", null)), "words");
        AssertBad(() => LoadTagger(With(TaggerJson, "chars", new JsonArray("a", null))), "\"chars\" has a null at position 1");
        AssertBad(() => LoadTagger(With(TaggerJson, "tags", new JsonArray("N", "N"))), "\"tags\" lists 'N' twice");
        AssertBad(() => LoadTagger(With(TaggerJson, "char_dim", -2)), "can be built");
    }

    private static readonly string SpeechJson = SpeechConfig.From(new SpeechOptions { Data = "unused" }, ["0", "1"]).ToJson();

    private static void LoadSpeech(string json) => SpeechRecognizer.FromTaskModel(Model(SpeechRecognizer.TaskName, json));

    [Fact]
    public void Speech()
    {
        AssertBuildsButLacksWeights(() => LoadSpeech(SpeechJson));
        AssertBad(() => LoadSpeech(With(SpeechJson, "labels", null)), "labels");
        AssertBad(() => LoadSpeech(With(SpeechJson, "labels", new JsonArray("0", "0"))), "\"labels\" lists '0' twice");
        AssertBad(() => LoadSpeech(With(SpeechJson, "hidden_size", 0)), "can be built");
    }

    private static readonly string LanguageModelJson =
        new LanguageModelConfig(TokenUnit.Char, CellKind.Lstm, 4, 4, 1, 0f, new Vocabulary(["a", "b"])).ToJson();

    private static void LoadLanguageModel(string json) => LanguageModel.FromTaskModel(Model(LanguageModelConfig.TaskName, json));

    [Fact]
    public void Language_model()
    {
        AssertBuildsButLacksWeights(() => LoadLanguageModel(LanguageModelJson));
        AssertBad(() => LoadLanguageModel(With(LanguageModelJson, "vocabulary", new JsonArray("a", null))), "token 1 is null");
        AssertBad(() => LoadLanguageModel(With(LanguageModelJson, "cell", null)), "cell");
        AssertBad(() => LoadLanguageModel(With(LanguageModelJson, "dropout", 5)), "dropout");
    }
}
