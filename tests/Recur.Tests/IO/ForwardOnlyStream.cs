// ForwardOnlyStream: a read-only stream that cannot seek and returns at most 5 bytes per Read, to test
// the readers' paths for network-like streams (unknown length, short reads).
namespace Recur.Tests.IO;

/// <summary>A stream that cannot seek and hands out at most a few bytes per read.</summary>
internal sealed class ForwardOnlyStream(byte[] bytes) : Stream
{
    private int _pos;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = Math.Min(Math.Min(count, 5), bytes.Length - _pos);
        Array.Copy(bytes, _pos, buffer, offset, n);
        _pos += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
