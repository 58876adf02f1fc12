using Recur.Applications.LanguageModeling;
using Recur.Text;

namespace Recur.Tests.Applications.LanguageModeling;

public class LanguageModelTrainerTests
{
    /// <summary>Cross-entropy of the training part's character frequencies on the validation part (a unigram model).</summary>
    private static double UnigramBaseline(string text, double validationFraction)
    {
        var tokens = Tokenizer.Characters(text);
        int split = (int)(tokens.Length * (1 - validationFraction));
        var counts = tokens.Take(split).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count() + 1.0);
        double total = counts.Values.Sum();
        var val = tokens.Skip(split + 1).ToArray();
        return val.Average(t => -Math.Log(counts.GetValueOrDefault(t, 1.0) / total));
    }

    [Fact]
    public void Training_on_a_slice_of_shakespeare_beats_the_unigram_baseline_and_is_deterministic()
    {
        string text = LanguageModelTestData.Shakespeare(30_000);
        var options = LanguageModelTestData.Small;
        var r1 = LanguageModelTrainer.Train(text, options, null, null, default, out var model);
        double baseline = UnigramBaseline(text, options.ValidationFraction);
        Assert.True(r1.ValLoss < baseline - 0.4, $"val loss {r1.ValLoss:0.000} should beat the unigram baseline {baseline:0.000} clearly");
        Assert.Equal(Math.Exp(r1.ValLoss), r1.Perplexity, 9);
        Assert.Equal(2_999, r1.Validation.Tokens); // every held-out character but the first is predicted
        Assert.InRange(r1.Steps, 3 * 52, 3 * 53); // 3 epochs of ceil((27000 / 16 - 1) / 32) windows (a shifted epoch may have one less)
        var r2 = LanguageModelTrainer.Train(text, options);
        Assert.Equal(r1.ValLoss, r2.ValLoss);
        Assert.Equal(r1.Steps, r2.Steps);
        // The loaded result evaluates the same text to the same figure.
        Assert.Equal(r1.ValLoss, LanguageModelEvaluator.Evaluate(model, model.Encode(text)[27_000..], options.EvalStreams).Loss, 9);
    }

    [Fact]
    public void Gru_and_word_models_train_too()
    {
        string text = LanguageModelTestData.Shakespeare(40_000);
        var gru = LanguageModelTrainer.Train(text, LanguageModelTestData.Small with { Cell = Recur.Kernels.CellKind.Gru, Epochs = 1 });
        Assert.True(gru.ValLoss < UnigramBaseline(text, 0.1), $"GRU val loss {gru.ValLoss}");
        var words = LanguageModelTrainer.Train(text, LanguageModelTestData.Small with { Tokens = TokenUnit.Word, Epochs = 2, SeqLen = 16, Batch = 8 });
        Assert.Equal(TokenUnit.Word, words.Tokens);
        Assert.True(words.Vocabulary > 100 && words.Vocabulary < 3000, $"vocabulary {words.Vocabulary}");
        Assert.True(words.ValLoss < Math.Log(words.Vocabulary), $"word val loss {words.ValLoss} vs uniform {Math.Log(words.Vocabulary)}");
    }

    [Fact]
    public void A_time_budget_stops_cleanly_then_evaluates_and_saves()
    {
        string dir = Directory.CreateTempSubdirectory("recur-charlm-").FullName;
        try
        {
            string path = Path.Combine(dir, "m.safetensors");
            var r = LanguageModelTrainer.Train(LanguageModelTestData.Shakespeare(30_000),
                LanguageModelTestData.Small with { Epochs = null, Minutes = 0.02, Out = path });
            Assert.Contains("time budget", r.StopReason);
            Assert.True(r.Steps > 0);
            Assert.True(double.IsFinite(r.ValLoss));
            Assert.True(File.Exists(path));
            Assert.Equal(r.ValLoss, LanguageModelEvaluator.Evaluate(LanguageModel.Load(path), LanguageModelTestData.Shakespeare(30_000)[27_000..], 4).Loss, 9);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>
    /// Cancels the run when batch <paramref name="at"/> (0-based) of the first epoch ends, or with null its
    /// second-to-last batch, so that training stops at the epoch's end.
    /// </summary>
    private sealed class CancelInFirstEpoch(CancellationTokenSource cts, int? at) : Recur.Training.IProgressReporter
    {
        private int? _batches;

        public void EpochStarted(int epoch, int epochs, int? batches) => _batches ??= batches;

        public void BatchEnded(int batch, IReadOnlyDictionary<string, double> running, double samplesPerSecond, TimeSpan? eta)
        {
            if (batch == (at ?? _batches - 2)) cts.Cancel();
        }

        public void EpochEnded(int epoch, IReadOnlyDictionary<string, double> logs, TimeSpan elapsed)
        {
        }

        public void Finished(string? reason)
        {
        }
    }

    [Theory]
    [InlineData(null)] // stops on the first epoch's last batch: resumes at the next epoch
    [InlineData(5)]    // stops mid-epoch: the carried TBPTT state and the epoch's loss so far come from the checkpoint
    public void An_interrupted_run_resumes_from_its_checkpoint_to_the_same_result(int? stopAfterBatch)
    {
        string dir = Directory.CreateTempSubdirectory("recur-charlm-").FullName;
        try
        {
            string ckpt = Path.Combine(dir, "c.safetensors");
            string text = LanguageModelTestData.Shakespeare(12_000);
            var options = LanguageModelTestData.Small with { Epochs = 2, Dropout = 0.1f, Checkpoint = ckpt };
            using var cts = new CancellationTokenSource();
            var first = LanguageModelTrainer.Train(text, options, new CancelInFirstEpoch(cts, stopAfterBatch), null, cts.Token);
            Assert.Contains("interrupted", first.StopReason);
            var resumed = LanguageModelTrainer.Train(text, options with { Resume = true });
            var straight = LanguageModelTrainer.Train(text, options with { Checkpoint = null });
            Assert.Equal(straight.Steps, resumed.Steps);
            Assert.Equal(straight.ValLoss, resumed.ValLoss, 6);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Resuming_on_a_text_with_another_vocabulary_order_is_refused()
    {
        // Same characters, other frequencies: the same vocabulary size in another order would load the saved
        // embedding and output rows onto the wrong tokens.
        string dir = Directory.CreateTempSubdirectory("recur-charlm-").FullName;
        try
        {
            string ckpt = Path.Combine(dir, "c.safetensors");
            string a = string.Concat(Enumerable.Repeat("aab ", 1500)), b = string.Concat(Enumerable.Repeat("abb ", 1500));
            var options = LanguageModelTestData.Small with { Epochs = 1, Checkpoint = ckpt };
            LanguageModelTrainer.Train(a, options);
            var e = Assert.Throws<ArgumentException>(() => LanguageModelTrainer.Train(b, options with { Epochs = 2, Resume = true }));
            Assert.Contains("--data vocabulary 4 tokens, sha256", e.Message);
            Assert.Contains("resume with the same settings", e.Message);
            LanguageModelTrainer.Train(a, options with { Epochs = 2, Resume = true }); // the same text resumes
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_damaged_carried_state_in_a_checkpoint_is_refused_and_changes_nothing()
    {
        string dir = Directory.CreateTempSubdirectory("recur-charlm-").FullName;
        try
        {
            string ckpt = Path.Combine(dir, "c.safetensors");
            string text = LanguageModelTestData.Shakespeare(12_000);
            var options = LanguageModelTestData.Small with { Epochs = 1, Checkpoint = ckpt };
            LanguageModelTrainer.Train(text, options);
            var file = Recur.IO.SafeTensors.Read(ckpt);
            Assert.Contains(file.Names, n => n == "extra/train_seconds");
            var tensors = file.Tensors.Select(t => t.Key == "extra/train_seconds"
                ? new KeyValuePair<string, Recur.IO.NdArray>(t.Key, Recur.IO.NdArray.FromFloat64([-5.0], [1])) : t).ToList();
            Recur.IO.SafeTensors.Write(ckpt, tensors, file.Metadata.ToDictionary(m => m.Key, m => m.Value));
            var e = Assert.Throws<InvalidDataException>(() => LanguageModelTrainer.Train(text, options with { Epochs = 2, Resume = true }));
            Assert.Contains("training time -5 is not a number of seconds", e.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Too_little_text_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidDataException>(() => LanguageModelTrainer.Train("To be, or not to be.", LanguageModelTestData.Small));
        Assert.Contains("too few to train", e.Message);
        Assert.Contains("--batch", e.Message);
    }

    [Fact]
    public void Out_of_range_options_name_the_option()
    {
        string text = LanguageModelTestData.Shakespeare(5_000);
        Assert.Contains("--dropout", Assert.Throws<ArgumentException>(() => LanguageModelTrainer.Train(text, LanguageModelTestData.Small with { Dropout = 1f })).Message);
        Assert.Contains("--seq-len", Assert.Throws<ArgumentException>(() => LanguageModelTrainer.Train(text, LanguageModelTestData.Small with { SeqLen = 0 })).Message);
        Assert.Contains("--resume", Assert.Throws<ArgumentException>(() => LanguageModelTrainer.Train(text, LanguageModelTestData.Small with { Resume = true })).Message);
    }

    [Fact]
    public void The_learning_rate_warms_up_then_follows_a_cosine_to_the_floor()
    {
        var o = new LanguageModelOptions { LearningRate = 2e-3f, MinLearningRateFraction = 0.1f, WarmupSteps = 10 };
        Assert.Equal(2e-4f, LanguageModelTrainer.LearningRateAt(o, 0, 0), 6);
        Assert.Equal(2e-3f, LanguageModelTrainer.LearningRateAt(o, 10, 0), 6);
        Assert.Equal(1.1e-3f, LanguageModelTrainer.LearningRateAt(o, 500, 0.5), 6);
        Assert.Equal(2e-4f, LanguageModelTrainer.LearningRateAt(o, 1000, 1), 6);
        Assert.Equal(2e-4f, LanguageModelTrainer.LearningRateAt(o, 2000, 1.7), 6);
    }
}
