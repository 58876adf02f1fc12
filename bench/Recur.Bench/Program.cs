using System.Diagnostics;
using System.Runtime.InteropServices;
using Recur.Kernels;

unsafe
{
    int kc = 256;
    float* a = (float*)NativeMemory.AlignedAlloc(144 * 256 * 4, 64);
    float* b = (float*)NativeMemory.AlignedAlloc(4080 * 256 * 4, 64);
    for (int i = 0; i < 144 * 256; i++) a[i] = 0.001f * (i % 7);
    for (int i = 0; i < 4080 * 256; i++) b[i] = 0.001f * (i % 5);
    int ldcArg = args.Length > 0 ? int.Parse(args[0]) : 1024;
    float* c = (float*)NativeMemory.AlignedAlloc((nuint)(1024 * ldcArg * 4), 64);
    new Span<float>(c, 1024 * ldcArg).Clear();
    for (int rep = 0; rep < 5; rep++)
    {
        var sw = Stopwatch.StartNew();
        for (int pc = 0; pc < 4; pc++)
            for (int ic = 0; ic < 1024; ic += 144)
            {
                int mc = Math.Min(144, 1024 - ic);
                for (int jr = 0; jr < 1024; jr += 16)
                    for (int ir = 0; ir < mc; ir += 6)
                        GemmMicroKernelAvx2.Run(kc, a + ir * kc, b + jr * kc, c + (ic + ir) * ldcArg + jr, ldcArg, 1f, pc == 0 ? 0f : 1f, Math.Min(6, mc - ir), 16);
            }
        Console.WriteLine($"no-pack blocked 1024^3 ldc={ldcArg}: {2.0 * 1024 * 1024 * 1024 / sw.Elapsed.TotalSeconds / 1e9:F1} GFLOP/s");
    }
}
