// PackedMatrix: op(B) packed once into the micro-kernel's panel layout, for products that reuse the same
// B many times (the recurrent weights: one product per time step). Layout: for each K block of Gemm.Kc
// rows, NR-column panels over all of N (zero-padded), kc x NR floats each, 64-byte aligned. Unmanaged
// memory, freed on Dispose (or by the finalizer).
using System.Runtime.InteropServices;

namespace Recur.Kernels;

/// <summary>A right-hand GEMM operand packed for repeated use with <see cref="Gemm.Multiply(bool, int, int, int, float, ReadOnlySpan{float}, int, PackedMatrix, float, Span{float}, int, int)"/>.</summary>
public sealed unsafe class PackedMatrix : IDisposable
{
    private float* _data;

    internal PackedMatrix(int k, int n, GemmPath path)
    {
        (K, N, Path) = (k, n, path);
        Kernel = GemmKernel.For(path);
        PaddedN = (n + Kernel.Nr - 1) / Kernel.Nr * Kernel.Nr;
        nuint bytes = (nuint)Math.Max(1L, (long)k * PaddedN) * sizeof(float);
        _data = (float*)NativeMemory.AlignedAlloc(bytes, 64);
    }

    /// <summary>Rows of op(B).</summary>
    public int K { get; }

    /// <summary>Columns of op(B).</summary>
    public int N { get; }

    /// <summary>The hardware path it was packed for.</summary>
    public GemmPath Path { get; }

    internal GemmKernel Kernel { get; }

    internal int PaddedN { get; }

    /// <summary>The panels of the K block starting at row <paramref name="pc"/>, from column <paramref name="column"/> (a multiple of NR).</summary>
    internal float* Panel(int pc, int kc, int column)
    {
        ObjectDisposedException.ThrowIf(_data == null, this);
        return _data + (long)pc * PaddedN + (long)column * kc;
    }

    /// <summary>Frees the packed data.</summary>
    public void Dispose()
    {
        if (_data != null)
        {
            NativeMemory.AlignedFree(_data);
            _data = null;
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the packed data if Dispose was not called.</summary>
    ~PackedMatrix()
    {
        if (_data != null) NativeMemory.AlignedFree(_data);
    }
}
