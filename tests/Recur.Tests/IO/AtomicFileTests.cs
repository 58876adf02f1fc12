using Recur.IO;

namespace Recur.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void A_user_file_named_like_a_temporary_file_is_left_alone()
    {
        using var dir = new ScratchDir();
        string path = dir.File("m.npy"), mine = path + ".tmp";
        File.WriteAllText(mine, "my notes");
        AtomicFile.Write(path, s => s.WriteByte(1));
        Assert.Equal("my notes", File.ReadAllText(mine));
        Assert.Equal(new byte[] { 1 }, File.ReadAllBytes(path));
        Assert.Equal([mine], Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void A_failed_write_leaves_the_destination_and_no_temporary_file()
    {
        using var dir = new ScratchDir();
        string path = dir.File("m.npy");
        File.WriteAllBytes(path, [7]);
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.WriteByte(1);
            throw new InvalidOperationException("disk full");
        }));
        Assert.Equal(new byte[] { 7 }, File.ReadAllBytes(path));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void Two_writers_of_one_destination_do_not_delete_each_others_temporary_files()
    {
        // Each write has its own temporary name: one writer in flight while another completes, both succeed.
        using var dir = new ScratchDir();
        string path = dir.File("m.npy");
        AtomicFile.Write(path, outer =>
        {
            outer.WriteByte(1);
            AtomicFile.Write(path, inner => inner.WriteByte(2));
            Assert.Equal(new byte[] { 2 }, File.ReadAllBytes(path));
        });
        Assert.Equal(new byte[] { 1 }, File.ReadAllBytes(path));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }
}
