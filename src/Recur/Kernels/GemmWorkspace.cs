// GemmWorkspace: per-thread packing buffers for Gemm, allocated once (64-byte aligned, unmanaged) and
// reused by every call on that thread, so GEMM never allocates in steady state.
using System.Runtime.InteropServices;

namespace Recur.Kernels;

internal sealed unsafe class GemmWorkspace
{
    [ThreadStatic] private static GemmWorkspace? t_current;

    internal readonly float* PackedA;
    internal readonly float* PackedB;

    private GemmWorkspace()
    {
        PackedA = (float*)NativeMemory.AlignedAlloc((nuint)Gemm.Mc * Gemm.Kc * sizeof(float), 64);
        PackedB = (float*)NativeMemory.AlignedAlloc((nuint)Gemm.Nc * Gemm.Kc * sizeof(float), 64);
    }

    ~GemmWorkspace()
    {
        NativeMemory.AlignedFree(PackedA);
        NativeMemory.AlignedFree(PackedB);
    }

    internal static GemmWorkspace ForCurrentThread() => t_current ??= new GemmWorkspace();
}
