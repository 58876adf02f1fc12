// GemmBenchmarks: C = A * B on the shapes for each hardware path, single-threaded.
using BenchmarkDotNet.Attributes;
using Recur.Kernels;
using Recur.Tensors;

namespace Recur.Bench;

[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];

    [Params("256x256x256", "64x2048x512", "1024x1024x1024")]
    public string Shape { get; set; } = "256x256x256";

    [Params(GemmPath.Avx2Fma, GemmPath.Vector128)]
    public GemmPath Path { get; set; }

    private int M => int.Parse(Shape.Split('x')[0]);

    private int N => int.Parse(Shape.Split('x')[1]);

    private int K => int.Parse(Shape.Split('x')[2]);

    [GlobalSetup]
    public void Setup()
    {
        var g = new Generator(1);
        _a = Tensor.Uniform(g, -1, 1, M * K).ToArray();
        _b = Tensor.Uniform(g, -1, 1, K * N).ToArray();
        _c = new float[M * N];
    }

    [Benchmark]
    public void Multiply() => Gemm.Multiply(false, false, M, N, K, 1f, _a, K, _b, N, 0f, _c, N, threads: 1, path: Path);
}
