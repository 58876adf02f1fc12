// GemmMicroKernel128: the 6 x 8 micro-kernel on 128-bit vectors (SSE on x86, AdvSimd on Arm), written
// with the portable Vector128 operators (multiply then add, no FMA: not every 128-bit ISA has one).
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

internal static unsafe class GemmMicroKernel128
{
    internal const int Mr = 6;
    internal const int Nr = 8;

    [SkipLocalsInit, MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Run(int kc, float* a, float* b, float* c, int ldc, float alpha, float beta, int mr, int nr)
    {
        Vector128<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector128<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + 4);
            var ai = Vector128.Create(a[0]);
            c00 += ai * b0; c01 += ai * b1;
            ai = Vector128.Create(a[1]);
            c10 += ai * b0; c11 += ai * b1;
            ai = Vector128.Create(a[2]);
            c20 += ai * b0; c21 += ai * b1;
            ai = Vector128.Create(a[3]);
            c30 += ai * b0; c31 += ai * b1;
            ai = Vector128.Create(a[4]);
            c40 += ai * b0; c41 += ai * b1;
            ai = Vector128.Create(a[5]);
            c50 += ai * b0; c51 += ai * b1;
            a += Mr;
            b += Nr;
        }

        float* tile = stackalloc float[Mr * Nr];
        c00.Store(tile); c01.Store(tile + 4);
        c10.Store(tile + 8); c11.Store(tile + 12);
        c20.Store(tile + 16); c21.Store(tile + 20);
        c30.Store(tile + 24); c31.Store(tile + 28);
        c40.Store(tile + 32); c41.Store(tile + 36);
        c50.Store(tile + 40); c51.Store(tile + 44);
        GemmKernel.StoreTile(tile, Nr, c, ldc, alpha, beta, mr, nr);
    }
}
