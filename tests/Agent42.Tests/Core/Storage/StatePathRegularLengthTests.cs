using Agent42.Core.Storage;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Storage;

/// <summary><see cref="StatePath.RegularLengthOrZero"/> says what the check and a FileInfo's length said, in one look.</summary>
[TestFixture]
internal sealed class StatePathRegularLengthTests
{
    [Test]
    public void AbsentOrDangling_IsZero_ARegularFileOrALinkToOne_ItsLength()
    {
        using var temp = new TempDirectory();
        var real = temp.Write("real.jsonl", new string('x', 1234));
        File.CreateSymbolicLink(temp.Combine("link.jsonl"), real);
        File.CreateSymbolicLink(temp.Combine("gone.jsonl"), temp.Combine("nothing-here"));

        Assert.Multiple(() =>
        {
            Assert.That(StatePath.RegularLengthOrZero(temp.Combine("none.jsonl"), "the outcome log"), Is.Zero);
            Assert.That(StatePath.RegularLengthOrZero(temp.Combine("gone.jsonl"), "the outcome log"), Is.Zero);
            Assert.That(StatePath.RegularLengthOrZero(real, "the outcome log"), Is.EqualTo(new FileInfo(real).Length));
            Assert.That(StatePath.RegularLengthOrZero(temp.Combine("link.jsonl"), "the outcome log"), Is.EqualTo(1234));
        });
    }

    [Test]
    public void ADirectoryOrAFifo_IsNamed_AsTheCheckNamesIt()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("FIFOs are POSIX");
        }

        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("outcomes.jsonl"));
        Posix.MakeFifo(temp.Combine("fifo.jsonl"));

        var directory = Assert.Throws<StateFileException>(() => StatePath.RegularLengthOrZero(temp.Combine("outcomes.jsonl"), "the outcome log"));
        var fifo = Assert.Throws<StateFileException>(() => StatePath.RegularLengthOrZero(temp.Combine("fifo.jsonl"), "the outcome log"));

        Assert.Multiple(() =>
        {
            Assert.That(directory!.Message, Does.Contain("outcomes.jsonl is a directory, not a regular file").And.Contain("the outcome log"));
            Assert.That(fifo!.Message, Does.Contain("a FIFO (named pipe)"));
        });
    }
}
