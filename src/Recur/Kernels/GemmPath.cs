// GemmPath: which hardware path the GEMM runs on, chosen once from the CPU, or forced with the
// RECUR_GEMM_PATH environment variable (avx2 | vector128 | scalar) so every path is testable on one
// machine. Forcing a path the CPU lacks throws; it never falls back silently.
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recur.Kernels;

/// <summary>A hardware path of the GEMM kernel.</summary>
public enum GemmPath
{
    /// <summary>Plain scalar loops: any CPU.</summary>
    Scalar,

    /// <summary>128-bit vectors (SSE on x86, AdvSimd on Arm), 6x8 micro-kernel.</summary>
    Vector128,

    /// <summary>AVX2 with FMA3, 6x16 micro-kernel.</summary>
    Avx2Fma,
}

/// <summary>Chooses and validates GEMM paths.</summary>
public static class GemmPaths
{
    /// <summary>The environment variable that forces a path.</summary>
    public const string EnvironmentVariable = "RECUR_GEMM_PATH";

    /// <summary>The path used when none is given: forced by the environment, else the best the CPU has.</summary>
    public static GemmPath Default { get; } = Resolve(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>The best path this CPU supports.</summary>
    public static GemmPath Best =>
        IsSupported(GemmPath.Avx2Fma) ? GemmPath.Avx2Fma :
        IsSupported(GemmPath.Vector128) ? GemmPath.Vector128 : GemmPath.Scalar;

    /// <summary>Whether this CPU (and runtime configuration) can run <paramref name="path"/>.</summary>
    public static bool IsSupported(GemmPath path) => path switch
    {
        GemmPath.Scalar => true,
        GemmPath.Vector128 => Vector128.IsHardwareAccelerated,
        GemmPath.Avx2Fma => Avx2.IsSupported && Fma.IsSupported,
        _ => false,
    };

    /// <summary>
    /// Parses a forced path name (null or empty: the best path). Throws for an unknown name or for a
    /// path this CPU cannot run.
    /// </summary>
    public static GemmPath Resolve(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return Best;
        GemmPath path = name.Trim().ToLowerInvariant() switch
        {
            "scalar" => GemmPath.Scalar,
            "vector128" => GemmPath.Vector128,
            "avx2" or "avx2fma" => GemmPath.Avx2Fma,
            _ => throw new ArgumentException(
                $"{EnvironmentVariable}='{name}' is not a GEMM path; use avx2, vector128 or scalar (or unset it)."),
        };
        Require(path);
        return path;
    }

    /// <summary>Throws <see cref="PlatformNotSupportedException"/> when the CPU cannot run <paramref name="path"/>.</summary>
    public static void Require(GemmPath path)
    {
        if (!IsSupported(path))
            throw new PlatformNotSupportedException(
                $"GEMM path {path} was requested but this CPU (or the runtime's settings, e.g. DOTNET_EnableAVX2=0) " +
                $"does not support it; unset {EnvironmentVariable} or choose one of: {string.Join(", ", Enum.GetValues<GemmPath>().Where(IsSupported))}.");
    }
}
