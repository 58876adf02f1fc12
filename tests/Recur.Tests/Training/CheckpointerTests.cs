using Recur.Data;
using Recur.IO;
using Recur.Layers;
using Recur.Losses;
using Recur.Optim;
using Recur.Tensors;
using Recur.Training;

namespace Recur.Tests.Training;

public class CheckpointerTests
{
    /// <summary>Trains an LSTM regressor on the adding problem for 4 epochs of 5 batches, optionally stopping after <paramref name="stopAfterSteps"/>.</summary>
    private static (float[] Weights, int Saves) Run(string path, long stopAfterSteps, bool resume) =>
        RunWithHistory(path, stopAfterSteps, resume, 5) is var r ? (r.Weights, r.Saves) : default;

    private static (float[] Weights, int Saves, History History) RunWithHistory(string path, long stopAfterSteps, bool resume, int? batchesPerEpoch)
    {
        var g = new Generator(11);
        var lstm = new Lstm(2, 8, generator: g);
        var head = new Linear(8, 1, generator: g);
        var model = new Sequential(new SequentialAdapter(lstm), head);
        var optimizer = new Adam(model.Parameters(), lr: 0.01f);
        var dataGen = new Generator(13);
        var problem = new AddingProblem(12, dataGen);
        var checkpointer = new Checkpointer(path, model, optimizer);
        checkpointer.DataGenerators["data"] = dataGen;
        var trainer = new Trainer(model.NamedParameters(), optimizer) { Checkpointer = checkpointer };
        if (resume) Assert.True(checkpointer.TryResume(trainer.Context));
        trainer.Callbacks.Add(new StopAfter(stopAfterSteps));
        var history = trainer.Run(4, _ => Batches(problem, 5), b =>
        {
            var prediction = model.Forward(b.X);
            var d = prediction - b.Y;
            return new StepResult((d * d).Mean(), 16);
        }, batchesPerEpoch: batchesPerEpoch);
        return (model.Parameters().SelectMany(p => p.ToArray()).ToArray(), checkpointer.Saves, history);
    }

    private static IEnumerable<(Tensor X, Tensor Y)> Batches(AddingProblem p, int n)
    {
        for (int i = 0; i < n; i++) yield return p.Batch(16);
    }

    private sealed class StopAfter(long steps) : Callback
    {
        public override void OnBatchEnd(TrainingContext context, int batch, double loss)
        {
            if (context.Step >= steps) context.StopTraining = true;
        }
    }

    /// <summary>Feeds [T, B, 2] to the LSTM and returns the last step [B, H].</summary>
    private sealed class SequentialAdapter : Module, ILayer
    {
        private readonly Lstm _lstm;

        public SequentialAdapter(Lstm lstm) => _lstm = RegisterModule("lstm", lstm);

        public Tensor Forward(Tensor x)
        {
            var (o, _, _) = _lstm.Forward(x);
            return o[o.Size(0) - 1];
        }
    }

    [Theory]
    [InlineData(7, 5)]
    [InlineData(7, null)]
    [InlineData(10, null)] // the epoch's last batch, with no batch count given: the epoch is complete on resume
    public void A_resumed_epoch_logs_the_loss_of_all_its_batches(long stopAt, int? batchesPerEpoch)
    {
        // The loss of the batches trained before the checkpoint is kept with it, so the resumed epoch's logged
        // loss (which plateau schedules and early stopping may watch) is the uninterrupted run's.
        string dir = Directory.CreateTempSubdirectory("recur-ckpt-").FullName;
        try
        {
            var straight = RunWithHistory(Path.Combine(dir, "a.safetensors"), long.MaxValue, resume: false, batchesPerEpoch).History["loss"];
            string path = Path.Combine(dir, "b.safetensors");
            RunWithHistory(path, stopAt, resume: false, batchesPerEpoch);
            var resumed = RunWithHistory(path, long.MaxValue, resume: true, batchesPerEpoch);
            var losses = resumed.History["loss"];
            Assert.All(losses, v => Assert.True(double.IsFinite(v), $"a logged loss is {v}"));
            // The resumed run logs the epochs from the interrupted one on: they match the uninterrupted run's.
            Assert.Equal(straight[^losses.Length..], losses);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData(7)]   // mid-epoch (epoch 2, batch 3)
    [InlineData(10)]  // exactly at an epoch boundary
    public void Resuming_after_an_interruption_gives_the_same_weights(long stopAt)
    {
        string dir = Directory.CreateTempSubdirectory("recur-ckpt-").FullName;
        try
        {
            var (straight, _) = Run(Path.Combine(dir, "a.safetensors"), long.MaxValue, resume: false);
            string path = Path.Combine(dir, "b.safetensors");
            Run(path, stopAt, resume: false);
            var (resumed, _) = Run(path, long.MaxValue, resume: true);
            Assert.Equal(straight, resumed);
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>A checkpoint of 7 steps, rewritten by <paramref name="edit"/> (tensors and metadata).</summary>
    private static void DamagedCheckpoint(string path, Action<List<KeyValuePair<string, NdArray>>, Dictionary<string, string>> edit)
    {
        Run(path, 7, resume: false);
        var file = SafeTensors.Read(path);
        var tensors = file.Tensors.ToList();
        var metadata = new Dictionary<string, string>(file.Metadata);
        edit(tensors, metadata);
        SafeTensors.Write(path, tensors, metadata);
    }

    private static void Replace(List<KeyValuePair<string, NdArray>> tensors, string name, Func<NdArray, NdArray?> with)
    {
        int i = tensors.FindIndex(t => t.Key == name);
        Assert.True(i >= 0, $"no tensor {name}");
        var replacement = with(tensors[i].Value);
        if (replacement is null) tensors.RemoveAt(i);
        else tensors[i] = new(name, replacement);
    }

    public static TheoryData<string> Damages => ["not json", "{}", "negative", "rng as f32", "optimizer incomplete", "integer weights"];

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_checkpoint_is_named_and_leaves_the_run_as_it_was(string damage)
    {
        string dir = Directory.CreateTempSubdirectory("recur-ckpt-").FullName;
        try
        {
            string path = Path.Combine(dir, "c.safetensors");
            DamagedCheckpoint(path, (tensors, metadata) =>
            {
                switch (damage)
                {
                    case "not json": metadata["recur.checkpoint"] = "not json"; break;
                    case "{}": metadata["recur.checkpoint"] = "{}"; break;
                    case "negative": metadata["recur.checkpoint"] = "{\"Epoch\":-7,\"Batch\":-3,\"Step\":-1,\"Samples\":-1}"; break;
                    case "rng as f32": Replace(tensors, "rng/data/data", a => NdArray.FromFloat32(new float[4], [4])); break;
                    case "integer weights": Replace(tensors, "model/1.bias", a => NdArray.FromInt32(new int[1], [1])); break;
                    default:
                        // Every weight set to 9 (they would load first), and the optimizer's learning rate gone.
                        for (int i = 0; i < tensors.Count; i++)
                            if (tensors[i].Key.StartsWith("model/", StringComparison.Ordinal))
                                tensors[i] = new(tensors[i].Key, NdArray.FromFloat32(Enumerable.Repeat(9f, tensors[i].Value.Length).ToArray(), tensors[i].Value.ShapeArray));
                        Replace(tensors, "optim/lr", _ => null);
                        break;
                }
            });
            var g = new Generator(11);
            var model = new Sequential(new SequentialAdapter(new Lstm(2, 8, generator: g)), new Linear(8, 1, generator: g));
            var before = model.Parameters().SelectMany(p => p.ToArray()).ToArray();
            var optimizer = new Adam(model.Parameters(), lr: 0.01f);
            var dataGen = new Generator(13);
            var dataBefore = dataGen.GetState();
            var checkpointer = new Checkpointer(path, model, optimizer);
            checkpointer.DataGenerators["data"] = dataGen;
            var context = new Trainer(model.NamedParameters(), optimizer).Context;
            var e = Assert.Throws<InvalidDataException>(() => checkpointer.TryResume(context));
            Assert.Contains(path, e.Message);
            Assert.Equal(before, model.Parameters().SelectMany(p => p.ToArray()).ToArray());
            Assert.Equal(dataBefore, dataGen.GetState());
            Assert.Equal(0.01f, optimizer.Lr);
            Assert.Equal((0, 0L), (context.Epoch, context.Step));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
