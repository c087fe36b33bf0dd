using System.Text;
using Agent42.Core.Storage;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Storage;

/// <summary>Atomic writes against a real directory: the rename is the OS's.</summary>
[TestFixture]
internal sealed class AtomicFileTests
{
    [Test]
    public async Task WriteAllTextAsync_WritesTheContentAndLeavesNoTempFile()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("state.json");

        await AtomicFile.WriteAllTextAsync(path, "{ \"a\": \"é\" }");

        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo("{ \"a\": \"é\" }"));
        Assert.That(Directory.GetFileSystemEntries(temp.Path), Is.EqualTo(new[] { path }));
    }

    [Test]
    public async Task WriteAllBytesAsync_OverwritesAnExistingFile()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("state.json", "old content that is longer");

        await AtomicFile.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes("new"));

        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo("new"));
        Assert.That(Directory.GetFileSystemEntries(temp.Path), Is.EqualTo(new[] { path }));
    }

    [Test]
    public async Task WriteAllTextAsync_CreatesMissingDirectories()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("a", "b", "state.json");

        await AtomicFile.WriteAllTextAsync(path, "x");

        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo("x"));
    }

    [Test]
    public void WriteAllText_WritesOverwritesAndCreatesDirectories()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("a", "state.json");

        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second");

        Assert.That(File.ReadAllText(path), Is.EqualTo("second"));
        Assert.That(Directory.GetFileSystemEntries(temp.Combine("a")), Is.EqualTo(new[] { path }));
    }

    [Test]
    public void WriteAllTextAsync_WhenTargetIsADirectory_FailsLeavingItIntactAndNoTempFile()
    {
        using var temp = new TempDirectory();
        var target = temp.Combine("target");
        var inside = temp.Write(Path.Combine("target", "keep.txt"), "kept");

        Assert.That(() => AtomicFile.WriteAllTextAsync(target, "new"), Throws.InstanceOf<IOException>().Or.InstanceOf<UnauthorizedAccessException>());

        Assert.That(File.ReadAllText(inside), Is.EqualTo("kept"));
        Assert.That(Directory.GetFileSystemEntries(temp.Path), Is.EqualTo(new[] { target }));
    }

    [Test]
    public void WriteAllText_WhenTargetIsADirectory_FailsLeavingItIntactAndNoTempFile()
    {
        using var temp = new TempDirectory();
        var target = temp.Combine("target");
        var inside = temp.Write(Path.Combine("target", "keep.txt"), "kept");

        Assert.That(() => AtomicFile.WriteAllText(target, "new"), Throws.InstanceOf<IOException>().Or.InstanceOf<UnauthorizedAccessException>());

        Assert.That(File.ReadAllText(inside), Is.EqualTo("kept"));
        Assert.That(Directory.GetFileSystemEntries(temp.Path), Is.EqualTo(new[] { target }));
    }

    [Test]
    public async Task WriteAllBytesAsync_WhenCancelled_LeavesThePreviousFileIntactAndNoTempFile()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("state.json", "previous");
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        Assert.That(() => AtomicFile.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes("next"), cancel.Token), Throws.InstanceOf<OperationCanceledException>());

        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo("previous"));
        Assert.That(Directory.GetFileSystemEntries(temp.Path), Is.EqualTo(new[] { path }));
    }

    [Test]
    public void QuarantineCorrupt_MovesTheFileToATimestampedNameKeepingItsContent()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("tasks.json", "garbage");

        var kept = AtomicFile.QuarantineCorrupt(path, new DateTimeOffset(2025, 1, 2, 3, 4, 5, 6, TimeSpan.Zero));

        Assert.That(kept, Is.EqualTo(path + ".corrupt-20250102T030405006"));
        Assert.That(File.ReadAllText(kept), Is.EqualTo("garbage"));
        Assert.That(File.Exists(path), Is.False);
    }
}
