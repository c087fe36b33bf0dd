using Agent42.Core.Storage;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Storage;

/// <summary>State paths must be regular files or absent; what else is there is named, on the real file system.</summary>
[TestFixture]
internal sealed class StatePathTests
{
    [Test]
    public void AnAbsentFile_IsFalse_AndARegularOneTrue()
    {
        using var temp = new TempDirectory();

        Assert.That(StatePath.RegularOrAbsent(temp.Combine("tasks.json"), "the task queue"), Is.False);
        Assert.That(StatePath.RegularOrAbsent(temp.Write("tasks.json", "{}"), "the task queue"), Is.True);
    }

    [Test]
    public void ADirectory_IsNamed()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("tasks.json"));

        var error = Assert.Throws<StateFileException>(() => StatePath.RegularOrAbsent(temp.Combine("tasks.json"), "the task queue"));

        Assert.That(error!.Message, Does.Contain("tasks.json is a directory, not a regular file").And.Contain("the task queue"));
    }

    [Test]
    public void AFifo_IsNamed_WithoutOpeningIt()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("FIFOs are POSIX");
        }

        using var temp = new TempDirectory();
        Posix.MakeFifo(temp.Combine("outcomes.jsonl"));

        var error = Assert.Throws<StateFileException>(() => StatePath.RegularOrAbsent(temp.Combine("outcomes.jsonl"), "the outcome log"));

        Assert.That(error!.Message, Does.Contain("a FIFO (named pipe)"));
    }

    [Test]
    public void ALinkToARegularFile_IsAccepted_ADanglingOneIsAbsent()
    {
        using var temp = new TempDirectory();
        File.CreateSymbolicLink(temp.Combine("tasks.json"), temp.Write("real.json", "{}"));
        File.CreateSymbolicLink(temp.Combine("gone.json"), temp.Combine("nothing-here"));

        Assert.That(StatePath.RegularOrAbsent(temp.Combine("tasks.json"), "the task queue"), Is.True);
        Assert.That(StatePath.RegularOrAbsent(temp.Combine("gone.json"), "the task queue"), Is.False);
    }
}
