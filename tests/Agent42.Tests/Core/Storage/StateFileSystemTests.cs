using System.IO.Abstractions.TestingHelpers;
using Agent42.Core.Native;
using Agent42.Core.Storage;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Storage;

/// <summary>The seam: the machine's file system keeps the OS's locks and kinds; a mock gets an in-process lock and its own kinds.</summary>
[TestFixture]
internal sealed class StateFileSystemTests
{
    [Test]
    public void OnTheMachinesFileSystem_TheLockIsTheFlockOnTheLockFile()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("state.json");

        using (var held = StateFileSystem.Lock(StateFileSystem.Os, path))
        {
            Assert.Multiple(() =>
            {
                Assert.That(held, Is.TypeOf<StateFileLock>());
                Assert.That(File.Exists(path + ".lock"), Is.True);
            });
        }
    }

    [Test]
    public void OnAMock_TheLockExcludesASecondTaker_UntilLetGo_AndTouchesNoRealDisk()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("state.json");
        var fs = new MockFileSystem();

        var first = StateFileSystem.Lock(fs, path);
        Assert.That(() => StateFileSystem.Lock(fs, path, TimeSpan.Zero),
            Throws.TypeOf<StateFileException>().With.Message.Contains(path).And.Message.Contains("stayed locked"));
        first.Dispose();
        first.Dispose();

        using (StateFileSystem.Lock(fs, path, TimeSpan.Zero))
        {
            Assert.Multiple(() =>
            {
                Assert.That(Directory.GetFileSystemEntries(temp.Path), Is.Empty, "nothing of a mock's lock reaches the disk");
                Assert.That(fs.AllFiles, Is.Empty);
            });
        }
    }

    [Test]
    public void OnAMock_TheLockIsKeyedByTheFullPath_AndByTheFileSystem()
    {
        var fs = new MockFileSystem();
        using var held = StateFileSystem.Lock(fs, "/data/state.json");

        Assert.Multiple(() =>
        {
            Assert.That(() => StateFileSystem.Lock(fs, "/data/sub/../state.json", TimeSpan.Zero), Throws.TypeOf<StateFileException>(), "one file, however named");
            Assert.That(() => StateFileSystem.Lock(fs, "/data/other.json", TimeSpan.Zero).Dispose(), Throws.Nothing);
            Assert.That(() => StateFileSystem.Lock(new MockFileSystem(), "/data/state.json", TimeSpan.Zero).Dispose(), Throws.Nothing,
                "another mock is another world");
        });
    }

    [Test]
    public async Task OnAMock_TheAsyncLockWaitsForTheHolder()
    {
        var fs = new MockFileSystem();
        var held = StateFileSystem.Lock(fs, "/data/state.json");

        var waiting = StateFileSystem.LockAsync(fs, "/data/state.json");
        var waitedBeforeRelease = waiting.IsCompleted;
        held.Dispose();
        (await waiting).Dispose();

        Assert.That(waitedBeforeRelease, Is.False);
    }

    [Test]
    public void OnAMock_KindsAndReadsComeFromTheMock()
    {
        var fs = new MockFileSystem();
        fs.AddFile("/data/a.json", new MockFileData("{}"));
        fs.AddDirectory("/data/dir.json");

        Assert.Multiple(() =>
        {
            Assert.That(StateFileSystem.KindOf(fs, "/data/a.json"), Is.EqualTo(FileKind.Regular));
            Assert.That(StateFileSystem.KindOf(fs, "/data/dir.json"), Is.EqualTo(FileKind.Directory));
            Assert.That(StateFileSystem.KindOf(fs, "/data/none.json"), Is.Null);
            Assert.That(StateFileSystem.ReadAllBytesOrNull(fs, "/data/a.json", "x"), Is.EqualTo("{}"u8.ToArray()));
            Assert.That(StateFileSystem.ReadAllBytesOrNull(fs, "/data/none.json", "x"), Is.Null);
            Assert.That(StateFileSystem.RegularLengthOrZero(fs, "/data/a.json", "x"), Is.EqualTo(2));
            Assert.That(StateFileSystem.RegularLengthOrZero(fs, "/data/none.json", "x"), Is.Zero);
            Assert.That(() => StateFileSystem.ReadAllBytesOrNull(fs, "/data/dir.json", "the thing"),
                Throws.TypeOf<StateFileException>().With.Message.Contains("is a directory").And.Message.Contains("the thing"));
        });
    }

    [Test]
    public void OnTheMachinesFileSystem_AFifoIsRefusedWithoutBlocking()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("FIFOs are POSIX");
        }

        using var temp = new TempDirectory();
        var fifo = temp.Combine("state.json");
        Posix.MakeFifo(fifo);

        Assert.Multiple(() =>
        {
            Assert.That(StateFileSystem.KindOf(StateFileSystem.Os, fifo), Is.EqualTo(FileKind.Fifo));
            Assert.That(() => StateFileSystem.ReadAllBytesOrNull(StateFileSystem.Os, fifo, "x"), Throws.TypeOf<StateFileException>().With.Message.Contains("FIFO"));
        });
    }
}
