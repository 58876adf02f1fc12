// RecurrentBenchmarks: one LSTM step (batch 1, carried state, no grad) and one LSTM training step
// (forward + backward) on the sizes the issues quote.
using BenchmarkDotNet.Attributes;
using Recur.Autograd;
using Recur.Layers;
using Recur.Tensors;

namespace Recur.Bench;

[MemoryDiagnoser]
public class RecurrentBenchmarks
{
    private Lstm _step = null!, _train = null!;
    private Tensor _x1 = null!, _h = null!, _c = null!, _xs = null!;

    [GlobalSetup]
    public void Setup()
    {
        var g = new Generator(1);
        _step = new Lstm(64, 256, generator: g);
        _step.Eval();
        _x1 = Tensor.Uniform(g, -1, 1, 1, 1, 64);
        _h = Tensor.Zeros(1, 1, 256);
        _c = Tensor.Zeros(1, 1, 256);
        _train = new Lstm(64, 128, generator: g);
        _xs = Tensor.Uniform(g, -1, 1, 64, 32, 64);
    }

    [Benchmark]
    public void LstmStepI64H256()
    {
        using var scope = GradMode.NoGrad();
        var (_, h, c) = _step.Forward(_x1, (_h, _c));
        (_h, _c) = (h, c);
    }

    [Benchmark]
    public void LstmTrainB32T64I64H128()
    {
        var (output, _, _) = _train.Forward(_xs);
        output.Mean().Backward();
        _train.ZeroGrad();
    }
}
