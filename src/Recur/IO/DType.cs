// DType: the element types Recur reads and writes in safetensors and .npy files, with their sizes and
// on-disk names. Safetensors spells them F32/F64/I32/I64; NumPy spells them <f4/<f8/<i4/<i8 (little-endian).
// Every other dtype (F16, BF16, BOOL, U8, ...) is rejected with a message that names it.
namespace Recur.IO;

/// <summary>The element type of an <see cref="NdArray"/>.</summary>
public enum DType
{
    /// <summary>32-bit IEEE float (<c>float</c>); safetensors <c>F32</c>, NumPy <c>&lt;f4</c>.</summary>
    F32,

    /// <summary>64-bit IEEE float (<c>double</c>); safetensors <c>F64</c>, NumPy <c>&lt;f8</c>.</summary>
    F64,

    /// <summary>32-bit signed integer (<c>int</c>); safetensors <c>I32</c>, NumPy <c>&lt;i4</c>.</summary>
    I32,

    /// <summary>64-bit signed integer (<c>long</c>); safetensors <c>I64</c>, NumPy <c>&lt;i8</c>.</summary>
    I64,
}

/// <summary>Sizes and file-format names of <see cref="DType"/> values.</summary>
internal static class DTypeInfo
{
    /// <summary>The supported safetensors names, for error messages.</summary>
    public const string SupportedSafeTensorsNames = "F32, F64, I32, I64";

    /// <summary>The supported NumPy descriptors, for error messages.</summary>
    public const string SupportedNpyDescrs = "<f4, <f8, <i4, <i8";

    /// <summary>Bytes per element.</summary>
    public static int SizeOf(DType dtype) => dtype switch
    {
        DType.F32 or DType.I32 => 4,
        DType.F64 or DType.I64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>The safetensors spelling: F32, F64, I32, I64.</summary>
    public static string SafeTensorsName(DType dtype) => dtype switch
    {
        DType.F32 => "F32",
        DType.F64 => "F64",
        DType.I32 => "I32",
        DType.I64 => "I64",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>
    /// Bits per element of any safetensors dtype, including those Recur cannot load (F16, BF16, U8, BOOL, the 8-,
    /// 6- and 4-bit floats, C64), so that headers holding them can still be checked and listed; 0 for a name
    /// the format does not define.
    /// </summary>
    public static int SafeTensorsElementBits(string name) => name switch
    {
        "F64" or "I64" or "U64" or "C64" => 64,
        "F32" or "I32" or "U32" => 32,
        "F16" or "BF16" or "I16" or "U16" => 16,
        "I8" or "U8" or "BOOL" or "F8_E4M3" or "F8_E5M2" or "F8_E4M3FNUZ" or "F8_E5M2FNUZ" or "F8_E8M0" => 8,
        "F6_E2M3" or "F6_E3M2" => 6,
        "F4" => 4,
        _ => 0,
    };

    /// <summary>Parses a safetensors dtype name (case-sensitive, as the format specifies).</summary>
    public static bool TryParseSafeTensors(string name, out DType dtype)
    {
        switch (name)
        {
            case "F32": dtype = DType.F32; return true;
            case "F64": dtype = DType.F64; return true;
            case "I32": dtype = DType.I32; return true;
            case "I64": dtype = DType.I64; return true;
            default: dtype = default; return false;
        }
    }

    /// <summary>The NumPy type code without byte order: f4, f8, i4, i8.</summary>
    public static string NpyCode(DType dtype) => dtype switch
    {
        DType.F32 => "f4",
        DType.F64 => "f8",
        DType.I32 => "i4",
        DType.I64 => "i8",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>Parses a NumPy type code without byte order (f4, f8, i4, i8).</summary>
    public static bool TryParseNpyCode(string code, out DType dtype)
    {
        switch (code)
        {
            case "f4": dtype = DType.F32; return true;
            case "f8": dtype = DType.F64; return true;
            case "i4": dtype = DType.I32; return true;
            case "i8": dtype = DType.I64; return true;
            default: dtype = default; return false;
        }
    }
}
