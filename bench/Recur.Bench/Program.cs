// Recur.Bench: BenchmarkDotNet micro-benchmarks of the kernels (allocation and statistics detail that
// `recur bench` does not give). Run: dotnet run -c Release --project bench/Recur.Bench -- --filter '*'
// `-- --gc-profile` instead runs a medium LSTM training step a few times and prints time, allocated bytes
// and garbage collections per step. Side-by-side comparisons are bench/compare_gemm.py and compare_torch.py.
using System.Diagnostics;
using BenchmarkDotNet.Running;
using Recur.Layers;
using Recur.Losses;
using Recur.Optim;
using Recur.Tensors;

if (args.Length > 0 && args[0] == "--gc-profile")
{
    var g = new Generator(1);
    var lstm = new Lstm(128, 512, numLayers: 2, generator: g);
    var x = Tensor.Uniform(g, -1, 1, 100, 64, 128);
    var target = Tensor.Uniform(g, -1, 1, 100, 64, 512);
    var adam = new Adam(lstm.Parameters());
    for (int i = 0; i < 6; i++)
    {
        long bytes = GC.GetTotalAllocatedBytes(true);
        int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
        var sw = Stopwatch.StartNew();
        var (output, _, _) = lstm.Forward(x);
        double fwd = sw.Elapsed.TotalMilliseconds;
        var loss = Loss.Mse(output, target);
        loss.Backward();
        double bwd = sw.Elapsed.TotalMilliseconds - fwd;
        adam.Step();
        adam.ZeroGrad();
        Console.WriteLine($"step {i}: {sw.Elapsed.TotalMilliseconds:0} ms (forward {fwd:0}, backward {bwd:0}), allocated {(GC.GetTotalAllocatedBytes(true) - bytes) / 1e6:0.0} MB, GCs {GC.CollectionCount(0) - g0}/{GC.CollectionCount(1) - g1}/{GC.CollectionCount(2) - g2}");
    }
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
