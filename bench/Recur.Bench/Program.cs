// Recur.Bench: BenchmarkDotNet micro-benchmarks of the kernels (allocation and statistics detail that
// `recur bench` does not give). Run: dotnet run -c Release --project bench/Recur.Bench -- --filter '*'
// Side-by-side comparisons with numpy and PyTorch are bench/compare_gemm.py and bench/compare_torch.py.
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
