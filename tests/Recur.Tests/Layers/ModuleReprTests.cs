// Module.ToString against PyTorch 1.13's repr of the same modules (tests/golden/layers/repr.json, written by
// tools/golden/make_repr_goldens.py), and Sequential.Summary on a model whose counts are worked by hand.
using System.Text.Json;
using Recur.Layers;
using Recur.Layers.Attention;
using Recur.Tensors;
using Xunit;

namespace Recur.Tests.Layers;

public class ModuleReprTests
{
    private static readonly Dictionary<string, string> Torch = LoadGolden();

    private static Dictionary<string, string> LoadGolden()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestUtil.RepoRoot, "tests", "golden", "layers", "repr.json")));
        return doc.RootElement.GetProperty("repr").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    public static TheoryData<string> Cases => new(
        "linear", "linear_nobias", "embedding", "embedding_pad", "layernorm", "layernorm_plain", "conv1d", "conv1d_full",
        "maxpool1d", "maxpool1d_full", "avgpool1d", "avgpool1d_full", "relu", "tanh", "sigmoid", "lstm", "lstm_full", "gru",
        "gru_bi", "rnn", "lstmcell", "grucell_nobias", "rnncell", "rnncell_relu", "sequential", "nested");

    private static Module Build(string name) => name switch
    {
        "linear" => new Linear(512, 65),
        "linear_nobias" => new Linear(3, 4, bias: false),
        "embedding" => new Embedding(65, 64),
        "embedding_pad" => new Embedding(100, 16, paddingIndex: 0),
        "dropout" => new Dropout(0.2f),
        "layernorm" => new LayerNorm(64),
        "layernorm_plain" => new LayerNorm(8, eps: 1e-6f, elementwiseAffine: false),
        "conv1d" => new Conv1d(13, 64, 3, padding: 1),
        "conv1d_full" => new Conv1d(4, 8, 5, stride: 2, dilation: 2, bias: false),
        "maxpool1d" => new MaxPool1d(2),
        "maxpool1d_full" => new MaxPool1d(3, stride: 1, padding: 1),
        "avgpool1d" => new AvgPool1d(2),
        "avgpool1d_full" => new AvgPool1d(3, stride: 1, padding: 1),
        "relu" => new Activation("relu"),
        "tanh" => new Activation("tanh"),
        "sigmoid" => new Activation("sigmoid"),
        "lstm" => new Lstm(64, 512, numLayers: 2, batchFirst: true, dropout: 0.2f),
        "lstm_full" => new Lstm(8, 16, numLayers: 3, bias: false, bidirectional: true, projSize: 4),
        "gru" => new Gru(64, 128),
        "gru_bi" => new Gru(10, 20, bidirectional: true, batchFirst: true),
        "rnn" => new Rnn(10, 20),
        "rnn_relu" => new Rnn(10, 20, numLayers: 2, nonlinearity: "relu"),
        "lstmcell" => new LstmCell(64, 128),
        "grucell_nobias" => new GruCell(10, 20, bias: false),
        "rnncell" => new RnnCell(10, 20),
        "rnncell_relu" => new RnnCell(10, 20, nonlinearity: "relu"),
        "sequential" => new Sequential(new Embedding(65, 64), new Lstm(64, 128, batchFirst: true), new Linear(128, 65)),
        "nested" => new Sequential(new Linear(2, 3), new Sequential(new Activation("tanh"), new Linear(3, 1))),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Prints_as_pytorch_prints_the_same_module(string name) => Assert.Equal(Torch[name], Build(name).ToString());

    [Fact]
    public void Where_recur_differs_from_pytorch_it_says_more_not_less()
    {
        // Recur's Dropout has no in-place mode, so it leaves PyTorch's "inplace=False" out.
        Assert.Equal(Torch["dropout"].Replace(", inplace=False", ""), Build("dropout").ToString());
        // PyTorch 1.13's RNN repr leaves out a ReLU nonlinearity (its RNNCell repr names it); Recur names it in both.
        Assert.Equal(Torch["rnn_relu"][..^1] + ", nonlinearity=relu)", Build("rnn_relu").ToString());
    }

    [Fact]
    public void Modules_without_a_pytorch_twin_print_their_type_and_children()
    {
        Assert.Equal("LastTimeStep()", new LastTimeStep().ToString());
        var model = new Sequential(new Gru(4, 8, batchFirst: true), new LastTimeStep());
        Assert.Equal("Sequential(\n  (0): GRU(4, 8, batch_first=True)\n  (1): LastTimeStep()\n)", model.ToString());
    }

    [Fact]
    public void Application_networks_print_every_part_and_setting()
    {
        var speech = new Recur.Applications.Speech.SpeechModel(Recur.Applications.Speech.SpeechMode.Ctc, 13, 11, 16, 32, 1, 0.3f, new Generator(1));
        string text = speech.ToString();
        Assert.StartsWith("SpeechModel(\n  mode=ctc, dropout=0.3\n  (conv1): Conv1d(13, 16, kernel_size=(5,), stride=(1,), padding=(2,))\n  (pool): MaxPool1d(kernel_size=2,", text);
        Assert.Contains("(gru): GRU(16, 32, batch_first=True, bidirectional=True)", text);
        // The pool has no parameters: the state_dict is what it was.
        Assert.DoesNotContain(speech.NamedParameters(), p => p.Key.StartsWith("pool", StringComparison.Ordinal));
        Assert.Equal("DotAttention(4, 4, scoring=dot)", new DotAttention(4, 4).ToString());
    }

    [Theory]
    [InlineData(true, new[] { 2, 0, 3 })]
    [InlineData(false, new[] { 0, 3 })]
    public void An_empty_sequence_is_refused_naming_the_shape_given(bool batchFirst, int[] shape)
    {
        var lstm = new Lstm(3, 4, batchFirst: batchFirst);
        var e = Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros(shape)));
        Assert.Equal($"LSTM: Expected sequence length to be larger than 0 in RNN (input shape {Shapes.Format(shape)}).", e.Message);
    }

    [Fact]
    public void Summary_lists_output_shapes_and_parameter_counts()
    {
        var embedding = new Embedding(65, 16);
        var model = new Sequential(embedding, new Lstm(16, 32, batchFirst: true), new LastTimeStep(), new Linear(32, 5));
        model.Train();
        embedding.Weight.RequiresGrad = false; // frozen: counted as non-trainable
        string summary = model.Summary(8, 20);
        // Embedding 65 * 16; LSTM 4 * 32 * (16 + 32) + 2 * 4 * 32; Linear 32 * 5 + 5.
        long emb = 65 * 16, lstm = 4 * 32 * (16 + 32) + 2 * 4 * 32, linear = 32 * 5 + 5;
        string[] lines = summary.Split('\n');
        Assert.StartsWith("Layer (type)", lines[0]);
        Assert.Matches(@"^0 \(Embedding\)\s+\[8, 20, 16\]\s+1,040$", lines[2]);
        Assert.Matches(@"^1 \(LSTM\)\s+\[8, 20, 32\]\s+6,400$", lines[3]);
        Assert.Matches(@"^2 \(LastTimeStep\)\s+\[8, 32\]\s+0$", lines[4]);
        Assert.Matches(@"^3 \(Linear\)\s+\[8, 5\]\s+165$", lines[5]);
        Assert.Contains($"Total params: {emb + lstm + linear:N0}", summary);
        Assert.Contains($"Trainable params: {lstm + linear:N0}", summary);
        Assert.EndsWith($"Non-trainable params: {emb:N0}", summary);
        // The forward pass (in evaluation mode) left the training flags as they were.
        Assert.True(model.Training);
        Assert.True(model.Layers[1] is Module { Training: true });
    }

    [Fact]
    public void Summary_names_the_layer_that_cannot_take_the_input()
    {
        var model = new Sequential(new Linear(4, 3), new Linear(5, 2));
        var e = Assert.Throws<ArgumentException>(() => model.Summary(2, 4));
        Assert.Contains("layer 1 (Linear) cannot take input of shape [2, 3]", e.Message);
        Assert.Throws<ArgumentException>(() => model.Summary(2, 0));
        Assert.Throws<ArgumentException>(() => model.Summary());
    }
}
