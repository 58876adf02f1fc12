// GemmMicroKernelScalar: the 4 x 4 scalar micro-kernel for CPUs without usable vectors. Same packing
// and blocking as the vector paths; sixteen scalar accumulators.
using System.Runtime.CompilerServices;

namespace Recur.Kernels;

internal static unsafe class GemmMicroKernelScalar
{
    internal const int Mr = 4;
    internal const int Nr = 4;

    [SkipLocalsInit, MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Run(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta, int mr, int nr)
    {
        float* tile = stackalloc float[Mr * Nr];
        new Span<float>(tile, Mr * Nr).Clear();
        for (int p = 0; p < kc; p++)
        {
            for (int i = 0; i < Mr; i++)
            {
                float ai = a[i];
                float* t = tile + i * Nr;
                t[0] += ai * b[0];
                t[1] += ai * b[1];
                t[2] += ai * b[2];
                t[3] += ai * b[3];
            }
            a += Mr;
            b += Nr;
        }
        GemmKernel.StoreTile(tile, Nr, c, ldc, alpha, beta, mr, nr);
    }
}
