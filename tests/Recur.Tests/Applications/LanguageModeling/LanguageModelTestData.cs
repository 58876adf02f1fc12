using Recur.Applications.LanguageModeling;
using Recur.Kernels;
using Recur.Tensors;
using Recur.Text;

namespace Recur.Tests.Applications.LanguageModeling;

/// <summary>Shared inputs of the language-model tests: a slice of tiny-shakespeare and small models.</summary>
internal static class LanguageModelTestData
{
    private static readonly Lazy<string> Text = new(() => File.ReadAllText(Path.Combine(TestUtil.RepoRoot, "data", "tinyshakespeare", "input.txt")));

    /// <summary>The first <paramref name="chars"/> characters of tiny-shakespeare.</summary>
    public static string Shakespeare(int chars) => Text.Value[..chars];

    /// <summary>Small, fast training settings.</summary>
    public static LanguageModelOptions Small => new()
    {
        Hidden = 48,
        Layers = 1,
        Embed = 16,
        Dropout = 0f,
        SeqLen = 32,
        Batch = 16,
        Epochs = 3,
        LearningRate = 1e-2f,
        WarmupSteps = 5,
        EvalStreams = 4,
    };

    /// <summary>An untrained model over <paramref name="text"/>'s characters.</summary>
    public static LanguageModel Untrained(string text, CellKind cell = CellKind.Lstm, int layers = 2, ulong seed = 3)
    {
        var vocab = Vocabulary.Build([Tokenizer.Characters(text)], withPad: false);
        var config = new LanguageModelConfig(TokenUnit.Char, cell, 8, 12, layers, 0f, vocab);
        var model = new LanguageModel(config, new Generator(seed), new Generator(seed + 1));
        model.Eval();
        return model;
    }
}
