using Recur.Data;
using Recur.Layers;
using Recur.Losses;
using Recur.Optim;
using Recur.Tensors;
using Recur.Training;

namespace Recur.Tests.Training;

public class CheckpointerTests
{
    /// <summary>Trains an LSTM regressor on the adding problem for 4 epochs of 5 batches, optionally stopping after <paramref name="stopAfterSteps"/>.</summary>
    private static (float[] Weights, int Saves) Run(string path, long stopAfterSteps, bool resume)
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
        trainer.Run(4, _ => Batches(problem, 5), b =>
        {
            var prediction = model.Forward(b.X);
            var d = prediction - b.Y;
            return new StepResult((d * d).Mean(), 16);
        }, batchesPerEpoch: 5);
        return (model.Parameters().SelectMany(p => p.ToArray()).ToArray(), checkpointer.Saves);
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
}
