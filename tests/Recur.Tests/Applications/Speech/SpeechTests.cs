// Speech application: file-name parsing, corpus errors that name the file or folder, sequence building,
// and a tiny end-to-end training on the committed FSDD sample (3 digits x 2 speakers) that must beat the
// majority baseline, with save -> load -> the same transcriptions.
using Recur.Applications.Speech;
using Recur.Tensors;
using Recur.Tests.Audio;

namespace Recur.Tests.Applications.Speech;

public class SpeechTests
{
    internal static readonly string Sample = Path.Combine(TestUtil.RepoRoot, "data", "free-spoken-digit-dataset-sample");

    [Fact]
    public void File_names_carry_label_speaker_and_index()
    {
        Assert.Equal(("7", "theo", (int?)12), SpeechClip.ParseName("/x/7_theo_12.wav"));
        Assert.Equal(("yes", "ann", (int?)null), SpeechClip.ParseName("yes_ann_x.wav"));
        Assert.Equal(("3", "", (int?)null), SpeechClip.ParseName("3_a.wav"));
        var e = Assert.Throws<InvalidDataException>(() => SpeechClip.ParseName("/data/recording.wav"));
        Assert.Contains("/data/recording.wav", e.Message);
        Assert.Contains("no label", e.Message);
        Assert.Throws<InvalidDataException>(() => SpeechClip.ParseName("_theo_1.wav"));
    }

    [Fact]
    public void Bad_folders_and_files_are_named()
    {
        var dir = Directory.CreateTempSubdirectory("recur-speech-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "notes.txt"), "not audio");
            var e = Assert.Throws<InvalidDataException>(() => SpeechCorpus.Load(dir));
            Assert.Contains(dir, e.Message);
            Assert.Contains("no usable recordings", e.Message);

            File.WriteAllBytes(Path.Combine(dir, "1_a_0.wav"), WavBytes.Pcm16(new float[400]));
            File.WriteAllBytes(Path.Combine(dir, "unlabelled.wav"), WavBytes.Pcm16(new float[400]));
            e = Assert.Throws<InvalidDataException>(() => SpeechCorpus.Load(dir));
            Assert.Contains("unlabelled.wav", e.Message);
            File.Delete(Path.Combine(dir, "unlabelled.wav"));

            File.WriteAllBytes(Path.Combine(dir, "2_a_0.wav"), WavBytes.Build(7, 1, 8000, 8, new byte[100]));
            e = Assert.Throws<InvalidDataException>(() => SpeechCorpus.Load(dir));
            Assert.Contains("2_a_0.wav", e.Message);
            Assert.Contains("mu-law", e.Message);
            File.WriteAllBytes(Path.Combine(dir, "2_a_0.wav"), WavBytes.Pcm16(new float[400])[..50]);
            e = Assert.Throws<InvalidDataException>(() => SpeechCorpus.Load(dir));
            Assert.Contains("2_a_0.wav", e.Message);

            File.WriteAllBytes(Path.Combine(dir, "2_a_0.wav"), WavBytes.Pcm16(new float[400]));
            var corpus = SpeechCorpus.Load(dir);
            Assert.Equal(2, corpus.Clips.Count);
            e = Assert.Throws<InvalidDataException>(() => corpus.OfficialSplit());
            Assert.Contains("0 training", e.Message);
            Assert.Throws<DirectoryNotFoundException>(() => SpeechCorpus.Load(Path.Combine(dir, "missing")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Sequences_join_clips_of_one_speaker_with_silences()
    {
        var clips = SpeechCorpus.Load(Sample).Clips;
        var g = new Generator(3);
        for (int i = 0; i < 20; i++)
        {
            var seq = DigitSequences.Build(clips, 5, 8000, g);
            Assert.InRange(seq.Labels.Length, 1, 5);
            // Each sequence holds clips of one speaker: its length is the clips plus 150..850 ms of silence.
            var candidates = clips.GroupBy(c => c.Speaker).Select(grp => grp.ToList()).ToList();
            Assert.Contains(candidates, group => seq.Labels.All(l => group.Any(c => c.Label == l)));
            double seconds = seq.Samples.Length / 8000.0;
            Assert.InRange(seconds, 0.15 + seq.Labels.Length * 0.1, 0.85 + seq.Labels.Length * 2.5);
        }
    }

    [Fact]
    public void An_edited_configuration_is_refused_naming_the_model_file()
    {
        // Feature settings and the decoder's settings do not change the network's shape, so loading the weights
        // cannot catch an edit: the configuration itself is checked, and its errors name the file.
        string json = SpeechConfig.From(new SpeechOptions { Data = Sample }, ["0", "1"]).ToJson();
        Assert.Equal(8, SpeechConfig.Parse(json, "m.safetensors").BeamWidth);
        foreach (var (field, bad, expected) in new[]
        {
            ("\"beam_width\":8", "\"beam_width\":-1", "beam_width (-1) and max_sequence (5) must be at least 1"),
            ("\"max_sequence\":5", "\"max_sequence\":0", "beam_width (8) and max_sequence (0) must be at least 1"),
            ("\"sample_rate\":8000", "\"sample_rate\":0", "features: sample rate must be positive, got 0"),
        })
        {
            Assert.Contains(field, json);
            var e = Assert.Throws<InvalidDataException>(() => SpeechConfig.Parse(json.Replace(field, bad), "m.safetensors"));
            Assert.StartsWith("m.safetensors: the speech configuration", e.Message);
            Assert.Contains(expected, e.Message);
        }
    }

    [Fact]
    public void Speed_perturbation_above_one_plays_faster()
    {
        // sox / Kaldi `speed 1.25`: resample to rate / 1.25 and read at the rate, so the clip gets shorter.
        Assert.Equal(6400, SpeechRecognizer.SpeedRate(8000, 1.25));
        Assert.Equal(10000, SpeechRecognizer.SpeedRate(8000, 0.8));
        var clip = new float[8000];
        Assert.Equal(6400, Recur.Audio.Resampler.Resample(clip, 8000, SpeechRecognizer.SpeedRate(8000, 1.25)).Length);
    }

    [Fact]
    public void Tiny_classifier_beats_the_baseline_and_round_trips()
    {
        var dir = Directory.CreateTempSubdirectory("recur-speech-").FullName;
        try
        {
            var options = new SpeechOptions
            {
                Data = Sample, Channels = 16, Hidden = 16, Epochs = 25, Batch = 10, LearningRate = 5e-3f, Dropout = 0f, SpeedPerturbation = 0,
                Out = Path.Combine(dir, "digits.safetensors"), Seed = 2,
            };
            var (recognizer, result) = SpeechRecognizer.TrainRecognizer(options);
            Assert.Equal(30, result.TrainItems);
            Assert.Equal(30, result.TestItems);
            Assert.Equal(1 / 3.0, result.Baseline, 6);
            Assert.True(result.Accuracy > 0.6, $"accuracy {result.Accuracy} should beat the 1/3 baseline clearly");

            var loaded = SpeechRecognizer.Load(options.Out);
            foreach (var file in Directory.GetFiles(Sample, "*_0.wav"))
            {
                var (a, pa) = recognizer.Transcribe(file);
                var (b, pb) = loaded.Transcribe(file);
                Assert.Equal(a, b);
                Assert.Equal(pa, pb, 6);
            }
            // Evaluating a folder holding just the test recordings gives the training run's figure.
            var testDir = Directory.CreateDirectory(Path.Combine(dir, "test")).FullName;
            foreach (var file in Directory.GetFiles(Sample, "*.wav"))
                if (SpeechClip.ParseName(file).Index < 5) File.Copy(file, Path.Combine(testDir, Path.GetFileName(file)));
            var again = loaded.Evaluate(testDir);
            Assert.Equal(30, again.TestItems);
            Assert.Equal(result.Accuracy, again.Accuracy, 9);
            // A recording of a label the model never learnt would only count as wrong: refused, naming it.
            var first = Directory.GetFiles(testDir, "*.wav")[0];
            File.Copy(first, Path.Combine(testDir, "9_nobody_0.wav"));
            var unknown = Assert.Throws<InvalidDataException>(() => loaded.Evaluate(testDir));
            Assert.Contains("9_nobody_0.wav: label '9' is not one the model was trained on", unknown.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData(SpeechMode.Classify, "label '2'")]
    [InlineData(SpeechMode.Ctc, "label symbol '2'")]
    public void A_test_label_without_training_recordings_is_named_before_training(SpeechMode mode, string named)
    {
        // Digit 2 keeps only its test recordings (indices 0-4): the model could never output it.
        var dir = Directory.CreateTempSubdirectory("recur-speech-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(Sample, "*.wav"))
            {
                var (label, _, index) = SpeechClip.ParseName(file);
                if (label != "2" || index < 5) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
            }
            var e = Assert.Throws<InvalidDataException>(() => SpeechRecognizer.Train(new SpeechOptions
            {
                Data = dir, Mode = mode, Channels = 8, Hidden = 8, Epochs = 1, Batch = 4, BatchesPerEpoch = 1, TestSequences = 2, Seed = 1,
            }));
            Assert.Contains($"{named} has test recordings (10) but no training recordings", e.Message);
            Assert.Contains("2_", e.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData(null, null, SpeechMode.Classify, 60)]
    [InlineData(null, null, SpeechMode.Ctc, 20)]
    [InlineData(null, 3.0, SpeechMode.Ctc, SpeechOptions.MaxEpochs)] // --minutes alone: the budget ends the run
    [InlineData(5, 3.0, SpeechMode.Classify, 5)]
    public void Minutes_alone_lift_the_default_epoch_count(int? epochs, double? minutes, SpeechMode mode, int expected) =>
        Assert.Equal(expected, SpeechOptions.EpochsFor(epochs, minutes, mode));

    [Fact]
    public void A_time_budget_alone_ends_the_run_before_the_epoch_cap()
    {
        var (recognizer, result) = SpeechRecognizer.TrainRecognizer(new SpeechOptions
        {
            Data = Sample, Channels = 4, Hidden = 4, Batch = 10, Dropout = 0f, SpeedPerturbation = 0, Seed = 3,
            Minutes = 0.02, Epochs = SpeechOptions.EpochsFor(null, 0.02, SpeechMode.Classify),
        });
        Assert.Contains("time budget", result.StopReason);
        Assert.InRange(result.Epochs, 1, SpeechOptions.MaxEpochs - 1);
        Assert.True(double.IsFinite(result.Accuracy));
        Assert.NotNull(recognizer);
    }

    [Fact]
    public void Ctc_training_is_deterministic_and_transcribes_known_symbols()
    {
        SpeechResult Run() => SpeechRecognizer.Train(new SpeechOptions
        {
            Data = Sample, Mode = SpeechMode.Ctc, Channels = 8, Hidden = 8, Epochs = 1, Batch = 4, BatchesPerEpoch = 3, TestSequences = 6,
            Dropout = 0f, BeamWidth = 3, Seed = 5,
        });
        var a = Run();
        var b = Run();
        Assert.Equal(a.Cer, b.Cer);
        Assert.Equal(6, a.TestItems);
        Assert.True(a.Cer >= 0 && double.IsFinite(a.Cer));
    }

    [Fact]
    public void The_evaluation_json_has_no_training_fields()
    {
        var classify = new SpeechResult(SpeechMode.Classify, 0, 60, 0.9, 0.3, 0.1, 0.1, 0, 0, null);
        Assert.Equal("{\"task\":\"speech\",\"mode\":\"classify\",\"test_items\":60,\"accuracy\":0.9,\"baseline_accuracy\":0.3}", classify.ToEvaluationJson());
        var ctc = new SpeechResult(SpeechMode.Ctc, 0, 30, 0.5, 0, 0.25, 0.3, 0, 0, null);
        Assert.Equal("{\"task\":\"speech\",\"mode\":\"ctc\",\"test_sequences\":30,\"cer\":0.25,\"greedy_cer\":0.3,\"sequence_accuracy\":0.5}", ctc.ToEvaluationJson());
        Assert.Contains("\"epochs\":0", classify.ToJson()); // the training line keeps them
    }
}
