// SafeTensorsHeader: what a safetensors header declares, without the data: each tensor's name, dtype (as the
// format spells it, including dtypes Recur does not load) and shape, and the metadata (SafeTensors.ReadHeader).
namespace Recur.IO;

/// <summary>One tensor a header declares.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="DType">The format's dtype name: F32, F64, F16, BF16, I64, I32, I16, I8, U64, U32, U16, U8, BOOL, F8_E4M3, F8_E5M2.</param>
/// <param name="Shape">The shape.</param>
public sealed record SafeTensorsEntry(string Name, string DType, int[] Shape)
{
    /// <summary>Elements in the tensor.</summary>
    public long Values => Shape.Aggregate(1L, (a, d) => a * d);
}

/// <summary>The tensors (in file order) and metadata a safetensors header declares, and the file's size in bytes.</summary>
public sealed record SafeTensorsHeader(IReadOnlyList<SafeTensorsEntry> Tensors, IReadOnlyDictionary<string, string> Metadata, long Bytes);
