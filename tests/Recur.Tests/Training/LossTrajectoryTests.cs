using Recur.IO;
using Recur.Layers;
using Recur.Losses;
using Recur.Optim;
using Recur.Tensors;
using Recur.Training;

namespace Recur.Tests.Training;

/// <summary>10 Adam steps of a tiny character LSTM LM with clipping follow PyTorch's losses (tools/golden/make_trajectory_golden.py).</summary>
public class LossTrajectoryTests
{
    private sealed class LossRecorder : Callback
    {
        public List<double> Losses { get; } = [];

        public override void OnBatchEnd(TrainingContext context, int batch, double loss) => Losses.Add(loss);
    }

    [Fact]
    public void Char_lstm_trajectory_matches_pytorch_to_1e_4()
    {
        var file = SafeTensors.Read(Path.Combine(TestUtil.RepoRoot, "tests", "golden", "training", "charlm_trajectory.safetensors"));
        var model = new Sequential(new Embedding(12, 8), new Lstm(8, 16, batchFirst: true), new Linear(16, 12));
        var names = new Dictionary<string, string>
        {
            ["0.weight"] = "embedding.weight", ["1.weight_ih_l0"] = "lstm.weight_ih_l0", ["1.weight_hh_l0"] = "lstm.weight_hh_l0",
            ["1.bias_ih_l0"] = "lstm.bias_ih_l0", ["1.bias_hh_l0"] = "lstm.bias_hh_l0", ["2.weight"] = "linear.weight", ["2.bias"] = "linear.bias",
        };
        model.LoadStateDict(names.ToDictionary(kv => kv.Key, kv => file["param/" + kv.Value].ToTensor()));
        var tokens = file["tokens"].AsInt64(); // [10, 4, 11]
        var expected = file["losses"].AsFloat32();
        var batches = Enumerable.Range(0, 10).Select(s =>
        {
            var x = new float[4 * 10];
            var y = new float[4 * 10];
            for (int b = 0; b < 4; b++)
                for (int t = 0; t < 10; t++)
                {
                    x[b * 10 + t] = tokens[(s * 4 + b) * 11 + t];
                    y[b * 10 + t] = tokens[(s * 4 + b) * 11 + t + 1];
                }
            return (X: Tensor.FromArray(x, 4, 10), Y: Tensor.FromArray(y, 4, 10));
        }).ToArray();
        var loss = new CrossEntropyLoss();
        var recorder = new LossRecorder();
        var trainer = new Trainer(model.NamedParameters(), new Adam(model.Parameters(), lr: 0.01f)) { ClipGradNorm = 1f };
        trainer.Callbacks.Add(recorder);
        trainer.Run(1, _ => batches, b => new StepResult(loss.Compute(model.Forward(b.X), b.Y), 4));
        TestUtil.AssertClose(expected, recorder.Losses.Select(v => (float)v).ToArray(), 1e-4, 0, "loss trajectory");
    }
}
