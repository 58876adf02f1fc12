using Recur.Layers;
using Recur.Losses;
using Recur.Optim;
using Recur.Tensors;
using Recur.Training;
using Recur.Training.Metrics;

namespace Recur.Tests.Training;

public class KerasApiTests
{
    private static (Tensor X, Tensor Y) Parity(int n, ulong seed)
    {
        // Label = the first bit of a 6-step binary sequence: the model must carry it to the last step.
        var g = new Generator(seed);
        var x = Tensor.Zeros(n, 6, 1);
        var y = Tensor.Zeros(n);
        for (int i = 0; i < n; i++)
        {
            for (int t = 0; t < 6; t++)
                x.SetValue(g.NextInt(2), i, t, 0);
            y.SetValue(x.GetValue(i, 0, 0), i);
        }
        return (x, y);
    }

    private static Sequential Model(ulong seed)
    {
        var g = new Generator(seed);
        return new Sequential(new Gru(1, 16, batchFirst: true, generator: g), new LastTimeStep(), new Linear(16, 2, generator: g));
    }

    [Fact]
    public void Fit_learns_parity_and_reports_validation_metrics()
    {
        var (x, y) = Parity(512, 1);
        var model = Model(2);
        model.Compile(new CrossEntropyLoss(), new Adam(model.Parameters(), lr: 0.02f), new Accuracy());
        var lines = new StringWriter();
        var history = model.Fit(x, y, epochs: 30, batchSize: 32, validationSplit: 0.25, generator: new Generator(3),
            progress: new PlainProgress(lines, intervalSeconds: 1e9));
        Assert.Equal(30, history.Epochs.Count);
        Assert.True(history["val_accuracy"][^1] > 0.95, $"val accuracy {history["val_accuracy"][^1]}");
        Assert.True(history["loss"][^1] < history["loss"][0]);
        Assert.Contains("epoch 30/30", lines.ToString());
        var eval = model.Evaluate(x, y);
        Assert.True(eval["accuracy"] > 0.95);
        var p = model.Predict(x, batchSize: 100);
        Assert.Equal(new[] { 512, 2 }, p.ShapeArray);
    }

    [Fact]
    public void Fit_with_plans_matches_fit_on_the_tape()
    {
        // The planned step (no tape, no allocation) and the autograd step give the same training run,
        // including the last, smaller batch (its own plan).
        var (x, y) = Parity(100, 4);
        var results = new List<(History History, float[] Weights)>();
        foreach (bool plans in new[] { true, false })
        {
            var model = Model(5);
            model.UsePlans = plans;
            model.Compile(new CrossEntropyLoss(), new Adam(model.Parameters(), lr: 0.02f), new Accuracy());
            var history = model.Fit(x, y, epochs: 3, batchSize: 32, generator: new Generator(6));
            results.Add((history, model.Parameters().SelectMany(p => p.ToArray()).ToArray()));
        }
        var planned = results[0].History["loss"];
        var taped = results[1].History["loss"];
        Assert.Equal(3, planned.Length);
        for (int e = 0; e < 3; e++)
            Assert.True(Math.Abs(planned[e] - taped[e]) < 1e-5, $"epoch {e}: loss {planned[e]} planned vs {taped[e]} on the tape");
        Assert.Equal(results[1].History["accuracy"], results[0].History["accuracy"]);
        TestUtil.AssertClose(results[1].Weights, results[0].Weights, 1e-5, 1e-4, "weights after Fit");
    }

    [Fact]
    public void Predict_and_evaluate_with_plans_match_the_forward_pass()
    {
        // 100 samples in batches of 32: three full batches share one InferencePlan, the last (4) gets its own.
        var (x, y) = Parity(100, 4);
        var model = Model(5);
        model.Compile(new CrossEntropyLoss(), new Adam(model.Parameters(), lr: 0.02f), new Accuracy());
        model.Fit(x, y, epochs: 1, batchSize: 32, generator: new Generator(6));
        model.UsePlans = true;
        var planned = model.Predict(x, batchSize: 32);
        var plannedEval = model.Evaluate(x, y, batchSize: 32);
        model.UsePlans = false;
        var forward = model.Predict(x, batchSize: 32);
        var forwardEval = model.Evaluate(x, y, batchSize: 32);
        Assert.Equal(forward.ShapeArray, planned.ShapeArray);
        // The recurrent kernels are the same; the Linear head of the 4-row batch sums in another order
        // (a dot product per output rather than scaled rows), so the last bit may differ.
        TestUtil.AssertClose(forward.ReadOnlyData, planned.ReadOnlyData, 1e-6, 1e-6, "Predict with and without plans");
        Assert.Equal(forwardEval["loss"], plannedEval["loss"], 6);
        Assert.Equal(forwardEval["accuracy"], plannedEval["accuracy"]);
        Assert.True(model.Training, "Predict and Evaluate restore training mode");
    }

    [Fact]
    public void Early_stopping_and_history_file()
    {
        var (x, y) = Parity(128, 4);
        var model = Model(5);
        model.Compile("cross_entropy", new Sgd(model.Parameters(), lr: 0f), "accuracy");
        string csv = Path.Combine(Path.GetTempPath(), $"recur-history-{Guid.NewGuid():N}.csv");
        try
        {
            var stop = new EarlyStopping(monitor: "val_loss", patience: 2);
            var history = model.Fit(x, y, epochs: 50, batchSize: 16, validationSplit: 0.25, callbacks: [stop, new HistoryFile(csv)]);
            Assert.Equal(3, history.Epochs.Count); // lr 0: no improvement after the first epoch
            Assert.Equal(2, stop.StoppedEpoch);
            var text = File.ReadAllLines(csv);
            Assert.StartsWith("epoch,loss,accuracy,val_loss,val_accuracy,lr", text[0]);
            Assert.Equal(4, text.Length);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public void Bad_input_is_reported_before_training()
    {
        var model = Model(6);
        Assert.Contains("Compile", Assert.Throws<InvalidOperationException>(() => model.Fit(Tensor.Zeros(4, 6, 1), Tensor.Zeros(4))).Message);
        model.Compile(new MseLoss(), new Adam(model.Parameters()));
        Assert.Throws<ArgumentException>(() => model.Fit(Tensor.Zeros(4, 6, 1), Tensor.Zeros(5)));
        Assert.Throws<ArgumentException>(() => model.Fit(Tensor.Zeros(4, 6, 1), Tensor.Zeros(4), batchSize: 8));
    }

    [Fact]
    public void Nan_loss_stops_with_a_clear_message()
    {
        var (x, _) = Parity(64, 7);
        var model = Model(8);
        var y = Tensor.Zeros(64, 2);
        y.SetValue(float.NaN, 40, 1); // a corrupt target in the 6th batch
        model.Compile(new MseLoss(), new Sgd(model.Parameters(), lr: 0.01f));
        var e = Assert.Throws<TrainingDivergedException>(() => model.Fit(x, y, epochs: 3, batchSize: 8, shuffle: false));
        Assert.Contains("NaN at epoch 1, batch 6", e.Message);
        Assert.Contains("learning rate", e.Message);
        Assert.Contains("NaN or infinite values", e.Message);
        Assert.DoesNotContain("--", e.Message); // library code: no command-line option is named

        // With a checkpoint: the epoch that diverges does not overwrite the last good checkpoint.
        string path = Path.Combine(Path.GetTempPath(), $"recur-nan-{Guid.NewGuid():N}.safetensors");
        try
        {
            var good = Tensor.Zeros(64, 2);
            var model2 = Model(9);
            var sgd = new Sgd(model2.Parameters(), lr: 0.01f);
            model2.Compile(new MseLoss(), sgd);
            var ckpt = new Checkpointer(path, model2, sgd);
            model2.Fit(x, good, epochs: 1, batchSize: 8, shuffle: false, checkpointer: ckpt);
            var before = File.ReadAllBytes(path);
            var ckpt2 = new Checkpointer(path, model2, sgd);
            e = Assert.Throws<TrainingDivergedException>(() => model2.Fit(x, y, epochs: 3, batchSize: 8, shuffle: false, checkpointer: ckpt2));
            Assert.Contains(path, e.Message);
            Assert.Equal(before, File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bad_arguments_are_refused_before_anything_runs()
    {
        var (x, y) = Parity(20, 4);
        var model = Model(5);
        model.Compile(new CrossEntropyLoss(), new Adam(model.Parameters()));
        Assert.Contains("Predict: batchSize must be at least 1, got 0", Assert.Throws<ArgumentException>(() => model.Predict(x, batchSize: 0)).Message);
        Assert.Contains("Evaluate: batchSize must be at least 1, got -1", Assert.Throws<ArgumentException>(() => model.Evaluate(x, y, batchSize: -1)).Message);
        Assert.Contains("Fit: batchSize must be at least 1", Assert.Throws<ArgumentException>(() => model.Fit(x, y, batchSize: 0)).Message);
        foreach (double split in new[] { -0.5, double.NaN, 1.0 })
            Assert.Contains("validationSplit must lie in [0, 1)", Assert.Throws<ArgumentException>(() => model.Fit(x, y, validationSplit: split)).Message);
        foreach (float clip in new[] { float.NaN, -1f, 0f })
            Assert.Contains("clipGradNorm must be a positive number", Assert.Throws<ArgumentException>(() => model.Fit(x, y, clipGradNorm: clip)).Message);
        Assert.Contains("metric 1 is null", Assert.Throws<ArgumentNullException>(() => model.Compile(new CrossEntropyLoss(), new Adam(model.Parameters()), new Accuracy(), null!)).Message);
    }

    [Fact]
    public void A_batch_larger_than_the_data_is_the_whole_data()
    {
        var (x, y) = Parity(20, 4);
        var model = Model(5);
        model.Compile(new CrossEntropyLoss(), new Sgd(model.Parameters(), lr: 0.1f));
        var history = model.Fit(x, y, epochs: 2, batchSize: 32, validationSplit: 0.5);
        Assert.Equal(2, history.Epochs.Count);
        var same = Model(5);
        same.Compile(new CrossEntropyLoss(), new Sgd(same.Parameters(), lr: 0.1f));
        same.Fit(x, y, epochs: 2, batchSize: 10, validationSplit: 0.5);
        Assert.Equal(same.Parameters().SelectMany(p => p.ToArray()), model.Parameters().SelectMany(p => p.ToArray()));
    }

    [Fact]
    public void A_time_major_recurrent_layer_is_refused_because_samples_are_on_axis_0()
    {
        var (x, y) = Parity(20, 4);
        var model = new Sequential(new Gru(1, 4, generator: new Generator(1)), new LastTimeStep(), new Linear(4, 2, generator: new Generator(2)));
        model.Compile(new CrossEntropyLoss(), new Adam(model.Parameters()));
        foreach (var call in new Action[] { () => model.Fit(x, y), () => model.Evaluate(x, y), () => model.Predict(x) })
            Assert.Contains("layer 0 (Gru) reads time-major input [T, B, 1]; construct it with batchFirst: true", Assert.Throws<ArgumentException>(call).Message);
        // batchFirst forgotten on the second layer of a stack: it would run its recurrence across the batch's samples.
        var stacked = new Sequential(new Gru(1, 4, batchFirst: true, generator: new Generator(1)), new Gru(4, 4, generator: new Generator(3)),
            new LastTimeStep(), new Linear(4, 2, generator: new Generator(2)));
        stacked.Compile(new CrossEntropyLoss(), new Adam(stacked.Parameters()));
        foreach (var call in new Action[] { () => stacked.Fit(x, y), () => stacked.Evaluate(x, y), () => stacked.Predict(x) })
            Assert.Contains("layer 1 (Gru) reads time-major input [T, B, 4]; construct it with batchFirst: true", Assert.Throws<ArgumentException>(call).Message);
    }

    [Fact]
    public void Fit_in_a_loop_shuffles_each_epoch_anew_like_one_longer_fit()
    {
        // Without a generator, Fit(epochs: 1) called twice must train as Fit(epochs: 2) does: the second call
        // draws a new order (before, each call made a fresh seed-0 generator and repeated the first order).
        var (x, y) = Parity(40, 7);
        var looped = Model(8);
        var once = Model(8);
        looped.Compile(new CrossEntropyLoss(), new Adam(looped.Parameters(), lr: 0.01f));
        once.Compile(new CrossEntropyLoss(), new Adam(once.Parameters(), lr: 0.01f));
        looped.Fit(x, y, epochs: 1, batchSize: 8);
        looped.Fit(x, y, epochs: 1, batchSize: 8);
        once.Fit(x, y, epochs: 2, batchSize: 8);
        var expected = once.NamedParameters().ToDictionary(p => p.Key, p => p.Value.ToArray());
        foreach (var (name, p) in looped.NamedParameters()) Assert.Equal(expected[name], p.ToArray());
    }

    [Fact]
    public void Fit_starts_from_zero_gradients_whatever_was_left_in_them()
    {
        // A manual Backward before Fit, or NaN gradients left by a run that diverged, must not reach the first update.
        var (x, y) = Parity(24, 9);
        var clean = Model(10);
        var dirty = Model(10);
        foreach (var m in new[] { clean, dirty }) m.Compile(new CrossEntropyLoss(), new Adam(m.Parameters(), lr: 0.01f));
        new CrossEntropyLoss().Compute(dirty.Forward(x), y).Backward();
        foreach (var (_, p) in dirty.NamedParameters()) p.Grad!.Data.Fill(float.NaN);
        clean.Fit(x, y, epochs: 1, batchSize: 8, generator: new Generator(11));
        dirty.Fit(x, y, epochs: 1, batchSize: 8, generator: new Generator(11));
        var expected = clean.NamedParameters().ToDictionary(p => p.Key, p => p.Value.ToArray());
        foreach (var (name, p) in dirty.NamedParameters()) Assert.Equal(expected[name], p.ToArray());
    }

    [Fact]
    public void Compile_refuses_an_optimizer_of_another_model()
    {
        var model = Model(5);
        var other = Model(6);
        var e = Assert.Throws<ArgumentException>(() => model.Compile(new CrossEntropyLoss(), new Adam(other.Parameters())));
        Assert.Contains("holds none of this model's parameters", e.Message);
    }

    [Fact]
    public void Frozen_parameters_do_not_pile_up_gradients()
    {
        // The optimizer trains only the head: the recurrent layer's gradients are cleared after every step
        // (before, they summed over steps and inflated the clipped global norm).
        var (x, y) = Parity(16, 4);
        var g = new Generator(7);
        var gru = new Gru(1, 4, batchFirst: true, generator: g);
        var head = new Linear(4, 2, generator: g);
        var model = new Sequential(gru, new LastTimeStep(), head);
        model.UsePlans = false;
        model.Compile(new CrossEntropyLoss(), new Sgd(head.Parameters(), lr: 0.1f));
        var before = gru.Parameters().SelectMany(p => p.ToArray()).ToArray();
        model.Fit(x, y, epochs: 2, batchSize: 8, shuffle: false);
        Assert.Equal(before, gru.Parameters().SelectMany(p => p.ToArray()).ToArray());
        Assert.All(gru.Parameters(), p => Assert.True(p.Grad is null || p.Grad.ToArray().All(v => v == 0), "a frozen gradient was left behind"));
    }

    [Theory]
    [InlineData("binary_crossentropy", "BCEWithLogitsLoss")]
    [InlineData("bce_with_logits", "BCEWithLogitsLoss")]
    [InlineData("sparse_categorical_crossentropy", "CrossEntropyLoss")]
    public void Compile_refuses_a_sigmoid_head_before_a_loss_that_takes_logits(string loss, string named)
    {
        // Keras' "binary_crossentropy" takes probabilities by default; Recur's takes logits (from_logits=True),
        // so a sigmoid head would be squashed twice and a negative's loss could never fall below ln 2.
        var g = new Generator(1);
        var model = new Sequential(new Gru(1, 4, batchFirst: true, generator: g), new LastTimeStep(), new Linear(4, 1, generator: g), new Activation("sigmoid"));
        var e = Assert.Throws<ArgumentException>(() => model.Compile(loss, new Adam(model.Parameters())));
        Assert.Contains($"goes through Sigmoid (layer 3), but {named}", e.Message);
        Assert.Contains("remove the Activation(\"sigmoid\")", e.Message);
        model.Compile("mse", new Adam(model.Parameters())); // probabilities against 0/1 targets with MSE is fine
        var logits = new Sequential(new Gru(1, 4, batchFirst: true, generator: g), new LastTimeStep(), new Linear(4, 1, generator: g));
        logits.Compile(loss == "sparse_categorical_crossentropy" ? "mse" : loss, new Adam(logits.Parameters()));
        // A sigmoid before layers that only pass values on (a per-step sigmoid before LastTimeStep, a final Dropout) is the same.
        var perStep = new Sequential(new Gru(1, 4, batchFirst: true, generator: g), new Linear(4, 1, generator: g), new Activation("sigmoid"),
            new LastTimeStep(), new Dropout(0.1f));
        Assert.Contains($"goes through Sigmoid (layer 2), but {named}", Assert.Throws<ArgumentException>(() => perStep.Compile(loss, new Adam(perStep.Parameters()))).Message);
    }

    [Fact]
    public void Compile_refuses_a_relu_head_before_binary_cross_entropy()
    {
        // ReLU output read as logits is >= 0, a probability >= 0.5: a negative's loss could never fall below ln 2.
        var g = new Generator(1);
        var model = new Sequential(new Gru(1, 4, batchFirst: true, generator: g), new LastTimeStep(), new Linear(4, 1, generator: g), new Activation("relu"));
        var e = Assert.Throws<ArgumentException>(() => model.Compile("binary_crossentropy", new Adam(model.Parameters())));
        Assert.Contains("goes through ReLU (layer 3), but BCEWithLogitsLoss", e.Message);
        Assert.Contains("remove the Activation(\"relu\") after the last Linear", e.Message);
        model.Compile("mse", new Adam(model.Parameters()));
        var classes = new Sequential(new Linear(3, 4, generator: g), new Activation("relu"));
        classes.Compile(new CrossEntropyLoss(), new Adam(classes.Parameters())); // softmax of non-negative logits can still learn
    }

    [Fact]
    public void Accuracy_and_perplexity_take_one_hot_targets_as_keras_categorical_accuracy_does()
    {
        // Targets shaped like the logits (one-hot or probabilities), which cross-entropy takes: accuracy compares
        // arg maxes, and perplexity is exp of the same cross-entropy the loss computes.
        var identity = new Sequential(new Dropout(0f));
        identity.Compile(new CrossEntropyLoss(), new Adam([Tensor.Zeros(1).RequireGrad()]), "accuracy", "perplexity");
        var logits = Tensor.FromArray([2f, 0f, 0f, 0f, 1f, 3f, 0f, 5f, 0f, 1f, 2f, 0f], 4, 3);
        var oneHot = Tensor.FromArray([1f, 0, 0, 0, 1, 0, 0, 1, 0, 0.3f, 0.7f, 0], 4, 3); // right, wrong, right, probabilities: right
        var result = identity.Evaluate(logits, oneHot);
        Assert.Equal(0.75, result["accuracy"], 12);
        Assert.Equal(Math.Exp(result["loss"]), result["perplexity"], 5);
        Assert.Contains("need 4 class indices or [4, 3] class probabilities, got [4, 2]",
            Assert.Throws<ArgumentException>(() => new Accuracy().Update(logits, Tensor.Zeros(4, 2))).Message);

        // Multi-label 0/1 targets (binary cross-entropy's): label by label, as Keras' binary accuracy (logit > 0
        // against target > 0.5). Row 0 has one positive label (it looks one-hot) and gets 3 of 3 right; row 1 none of
        // 3. The batch has a row that is no distribution, so every row is scored label by label: 3 of 6, not 2 of 4.
        var multi = new Accuracy();
        var multiLogits = Tensor.FromArray([2f, -1f, -1f, -1f, -2f, 3f], 2, 3);
        var multiTargets = Tensor.FromArray([1f, 0, 0, 1, 1, 0], 2, 3);
        multi.Update(multiLogits, multiTargets);
        Assert.Equal(3.0 / 6, multi.Result, 12);
        // Compiled with binary cross-entropy, a named "accuracy" scores label by label even when every row has one positive.
        var bce = new Sequential(new Dropout(0f));
        bce.Compile("binary_crossentropy", new Adam([Tensor.Zeros(1).RequireGrad()]), "accuracy");
        Assert.Equal(5.0 / 6, bce.Evaluate(Tensor.FromArray([2f, 1f, -1f, -1f, -2f, 3f], 2, 3), Tensor.FromArray([1f, 0, 0, 0, 0, 1], 2, 3))["accuracy"], 12);
        // Under cross-entropy an all-zero target row is padding, left out.
        var padded = new Accuracy(multiLabel: false);
        padded.Update(multiLogits, Tensor.FromArray([1f, 0, 0, 0, 0, 0], 2, 3));
        Assert.Equal(1.0, padded.Result); // counted, the zero row would make it 1 of 2
        // Perplexity is exp of the cross-entropy the loss computes, whatever the rows hold.
        var ppl = new Perplexity();
        ppl.Update(logits, Tensor.Ones(4, 3));
        Assert.Equal(Math.Exp(new CrossEntropyLoss().Compute(logits, Tensor.Ones(4, 3)).Item()), ppl.Result, 4);
        Assert.Contains("multi-label targets have no top-2 accuracy",
            Assert.Throws<ArgumentException>(() => new Accuracy(k: 2).Update(logits, Tensor.Ones(4, 3))).Message);
    }

    [Fact]
    public void Bad_validation_data_is_refused_before_training_and_named()
    {
        var (x, y) = Parity(16, 3);
        var model = Model(4);
        model.Compile(new CrossEntropyLoss(), new Adam(model.Parameters()));
        var vx = Tensor.Zeros(4, 6, 1);
        vx.SetValue(float.NaN, 2, 3, 0);
        var e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, validationData: (vx, Tensor.Zeros(4))));
        Assert.Contains("Fit: validationData's x holds NaN at element 15; every val_ figure would be NaN.", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, validationData: (Tensor.Zeros(4, 6), Tensor.Zeros(4))));
        Assert.Contains("validationData has x [4, 6] and y [4], but the training data is x [16, 6, 1] and y [16]; give it the same ranks.", e.Message);
        // A layout the model cannot take is found by passing one sample through the model and the loss, before training.
        e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, epochs: 1, validationData: (Tensor.Zeros(4, 6, 2), Tensor.Zeros(4))));
        Assert.StartsWith("Fit: validationData: ", e.Message);
        Assert.Contains("[1, 6, 2]", e.Message);
        // Validation sequences padded to another length than the training ones are fine (a recurrent model reads any length).
        model.Fit(x, y, epochs: 1, validationData: (Tensor.Zeros(4, 9, 1), Tensor.Zeros(4)));
        e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, validationSplit: 0.2, validationData: (vx, Tensor.Zeros(4))));
        Assert.Contains("give validationSplit or validationData, not both", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, validationData: (Tensor.Zeros(4, 6, 1), Tensor.Zeros(3))));
        Assert.StartsWith("Fit: validationData: ", e.Message);
        var held = x.Clone();
        held.SetValue(float.PositiveInfinity, 15, 0, 0);
        e = Assert.Throws<ArgumentException>(() => model.Fit(held, y, validationSplit: 0.25));
        Assert.Contains("the validationSplit's x (the last samples of x) holds Infinity at element 18", e.Message);
    }

    private sealed class Halved : Sequential
    {
        public Halved(params ILayer[] layers) : base(layers) { }

        public override Tensor Forward(Tensor x) => base.Forward(x) * 0.5f;
    }

    [Fact]
    public void A_subclass_that_overrides_forward_is_not_bypassed_by_the_plans()
    {
        var g = new Generator(5);
        var model = new Halved(new Gru(1, 4, batchFirst: true, generator: g), new LastTimeStep(), new Linear(4, 1, generator: g));
        var (x, _) = Parity(8, 6);
        Assert.Equal(model.Forward(x).ToArray(), model.Predict(x).ToArray());
    }

    [Fact]
    public void A_monitored_figure_the_run_does_not_log_is_refused_before_training()
    {
        var (x, y) = Parity(16, 3);
        var model = Model(4);
        model.Compile(new CrossEntropyLoss(), new Adam(model.Parameters()), "accuracy");
        var e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, epochs: 3, callbacks: [new EarlyStopping("val_loss")]));
        Assert.Contains("the EarlyStopping callback monitors 'val_loss', which this run does not log (there is no validation: give validationSplit or validationData); it logs loss, accuracy, lr.", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, epochs: 3, validationSplit: 0.25, callbacks: [new EarlyStopping("val_acc", mode: "max")]));
        Assert.Contains("monitors 'val_acc', which this run does not log; it logs loss, accuracy, val_loss, val_accuracy, lr.", e.Message);
        var history = model.Fit(x, y, epochs: 2, validationSplit: 0.25, callbacks: [new EarlyStopping("val_accuracy")]);
        Assert.Equal(2, history["val_accuracy"].Length);
        Assert.Contains("no epoch logged 'val_acc'; the keys are loss, accuracy, val_loss, val_accuracy, lr", Assert.Throws<KeyNotFoundException>(() => history["val_acc"]).Message);
    }

    [Fact]
    public void Named_class_metrics_leave_out_what_the_loss_ignores()
    {
        // Targets [5, 0, 0] with ignore_index 0: the loss averages one position, and so do the metrics.
        var logits = Tensor.Uniform(new Generator(2), -1, 1, 1, 3, 6);
        var targets = Tensor.FromArray([5f, 0f, 0f], 1, 3);
        var model = new Sequential(new Linear(6, 6, generator: new Generator(3)));
        model.Compile(new CrossEntropyLoss(ignoreIndex: 0), new Adam(model.Parameters()), "accuracy", "perplexity");
        var accuracy = new Accuracy(ignoreIndex: 0);
        var perplexity = new Perplexity(0);
        accuracy.Update(logits, targets);
        perplexity.Update(logits, targets);
        double nll = new CrossEntropyLoss(ignoreIndex: 0).Compute(logits, targets).Item();
        Assert.Equal(Math.Exp(nll), perplexity.Result, 5);
        var all = new Perplexity();
        all.Update(logits, targets);
        Assert.NotEqual(Math.Exp(nll), all.Result, 3);
        Assert.Equal(ClassRanking.InTopK(logits.ReadOnlyData[..6], 5, 1) ? 1.0 : 0.0, accuracy.Result);

        // Through Compile by name and Evaluate (one batch): perplexity is exp of the loss, padding left out of both.
        var eval = model.Evaluate(Tensor.Uniform(new Generator(4), -1, 1, 4, 3, 6), Tensor.FromArray([5f, 0f, 0f, 1f, 0f, 2f, 0f, 0f, 0f, 3f, 3f, 0f], 4, 3));
        Assert.Equal(Math.Exp(eval["loss"]), eval["perplexity"], 4);
        // Accuracy through Compile by name and Evaluate: an identity model on logits whose only real position
        // (class 5) is right and whose two ignored positions (class 0) are wrong gives 1, not 1/3.
        var scores = new float[18];
        scores[5] = 1f;      // position 0: class 5 on top (right)
        scores[6 + 3] = 1f;  // position 1: class 3 on top (target 0: ignored)
        scores[12 + 4] = 1f; // position 2: class 4 on top (target 0: ignored)
        var identity = new Sequential(new Dropout(0f));
        identity.Compile(new CrossEntropyLoss(ignoreIndex: 0), new Adam([Tensor.Zeros(1).RequireGrad()]), "accuracy");
        Assert.Equal(1.0, identity.Evaluate(Tensor.FromArray(scores, 1, 3, 6), targets)["accuracy"]);
        identity.Compile(new CrossEntropyLoss(), new Adam([Tensor.Zeros(1).RequireGrad()]), "accuracy");
        Assert.Equal(1.0 / 3, identity.Evaluate(Tensor.FromArray(scores, 1, 3, 6), targets)["accuracy"], 9);

        // A metric instance that counts the ignored class is refused, naming the fix.
        var e = Assert.Throws<ArgumentException>(() => model.Compile(new CrossEntropyLoss(ignoreIndex: 0), new Adam(model.Parameters()), new Accuracy()));
        Assert.Contains("create it with ignoreIndex: 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.Compile(new CrossEntropyLoss(ignoreIndex: 0), new Adam(model.Parameters()), new ConfusionMatrix(6)));
        Assert.Contains("the confusion_accuracy metric counts it (its ignoreIndex is -100); create it with ignoreIndex: 0.", e.Message);
        // A confusion matrix made with the loss's ignoreIndex leaves the padding out, as accuracy does.
        identity.Compile(new CrossEntropyLoss(ignoreIndex: 0), new Adam([Tensor.Zeros(1).RequireGrad()]), new Accuracy(ignoreIndex: 0), new ConfusionMatrix(6, 0));
        var both = identity.Evaluate(Tensor.FromArray(scores, 1, 3, 6), targets);
        Assert.Equal(1.0, both["confusion_accuracy"]);
        Assert.Equal(both["accuracy"], both["confusion_accuracy"]);
    }

    [Fact]
    public void Two_metrics_of_one_name_are_refused()
    {
        var model = new Sequential(new Linear(3, 3, generator: new Generator(1)));
        var e = Assert.Throws<ArgumentException>(() => model.Compile(new CrossEntropyLoss(), new Adam(model.Parameters()), new Accuracy(), new Accuracy()));
        Assert.Contains("2 metrics are named 'accuracy'; their figures would overwrite each other in the logs", e.Message);
    }
}
