// ElementBytes moves bytes in chunks (1 GiB in use, so one tensor of 2 GiB or more fits); small chunks here
// exercise the same loops, with a last partial chunk, on every element type.
using Recur.IO;

namespace Recur.Tests.IO;

public class ElementBytesTests
{
    [Theory]
    [InlineData(DType.F32, 8)]
    [InlineData(DType.F64, 16)]
    [InlineData(DType.I32, 12)]
    [InlineData(DType.I64, 8)]
    public void Chunked_writes_and_reads_give_the_elements_back(DType dtype, int chunkBytes)
    {
        int count = 11; // chunks of 2-4 elements and a partial last one
        Array data = dtype switch
        {
            DType.F32 => Enumerable.Range(0, count).Select(i => i * 1.5f - 3f).ToArray(),
            DType.F64 => Enumerable.Range(0, count).Select(i => i * 1e100 - 7).ToArray(),
            DType.I32 => Enumerable.Range(0, count).Select(i => i * 1000 - 5).ToArray(),
            _ => Enumerable.Range(0, count).Select(i => (long)i << 40).ToArray(),
        };
        using var whole = new MemoryStream();
        ElementBytes.WriteLittleEndian(whole, data);
        using var chunked = new MemoryStream();
        ElementBytes.WriteLittleEndian(chunked, data, chunkBytes);
        Assert.Equal(whole.ToArray(), chunked.ToArray());

        chunked.Position = 0;
        var back = ElementBytes.Read(chunked, dtype, count, bigEndian: false, sizeVerified: true, chunkBytes);
        Assert.Equal(data, back);
        // A stream that ends inside the last chunk is truncation (null), not a partial array.
        using var cut = new MemoryStream(whole.ToArray()[..^1]);
        Assert.Null(ElementBytes.Read(cut, dtype, count, bigEndian: false, sizeVerified: true, chunkBytes));
    }
}
