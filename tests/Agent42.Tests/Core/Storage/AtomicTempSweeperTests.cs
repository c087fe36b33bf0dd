using Agent42.Core.Storage;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Storage;

/// <summary>Temps of atomic writes that never finished go; a live writer's, and files that are not such temps, stay.</summary>
[TestFixture]
internal sealed class AtomicTempSweeperTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [TestCase(".model_catalog.json.0123456789abcdef0123456789abcdef.tmp", true, "model_catalog.json")]
    [TestCase("..hidden.0123456789abcdef0123456789abcdef.tmp", true, ".hidden")]
    [TestCase(".model_catalog.json.0123456789ABCDEF0123456789abcdef.tmp", false, "")]
    [TestCase(".model_catalog.json.tmp", false, "")]
    [TestCase("model_catalog.json.0123456789abcdef0123456789abcdef.tmp", false, "")]
    [TestCase("..0123456789abcdef0123456789abcdef.tmp", false, "")]
    public void TempNames_AreRecognisedExactly(string name, bool isTemp, string target)
    {
        Assert.That(AtomicFile.TryParseTempName(name, out var parsed), Is.EqualTo(isTemp));
        Assert.That(parsed, Is.EqualTo(target));
    }

    [Test]
    public void TheNameAWriteUses_ParsesBackToItsTarget()
    {
        Assert.That(AtomicFile.TryParseTempName(AtomicFile.TempName("tasks.json"), out var target), Is.True);
        Assert.That(target, Is.EqualTo("tasks.json"));
    }

    [Test]
    public void ALockedTargetsTemps_GoAtOnceWhenNobodyHoldsTheLock_AndStayWhileSomeoneDoes()
    {
        using var temp = new TempDirectory();
        var leftover = temp.Write(AtomicFile.TempName("model_catalog.json"), "{}");
        File.SetLastWriteTimeUtc(leftover, Now.UtcDateTime);
        var locked = new HashSet<string> { "model_catalog.json" };

        int whileHeld;
        using (StateFileLock.Acquire(temp.Combine("model_catalog.json")))
        {
            whileHeld = AtomicTempSweeper.Sweep(temp.Path, locked, Now, new TestLogger<AtomicTempSweeperTests>());
        }

        var existedWhileHeld = File.Exists(leftover);
        var afterwards = AtomicTempSweeper.Sweep(temp.Path, locked, Now, new TestLogger<AtomicTempSweeperTests>());

        Assert.Multiple(() =>
        {
            Assert.That(whileHeld, Is.Zero);
            Assert.That(existedWhileHeld, Is.True);
            Assert.That(afterwards, Is.EqualTo(1));
            Assert.That(File.Exists(leftover), Is.False);
        });
    }

    [Test]
    public void AnUnlockedTargetsTemps_GoOnlyOnceOlderThanTheThreshold()
    {
        using var temp = new TempDirectory();
        var old = temp.Write(AtomicFile.TempName("tasks.json"), "{}");
        var young = temp.Write(AtomicFile.TempName("tasks.json"), "{}");
        var foreign = temp.Write(".tasks.json.mine.tmp", "keep");
        File.SetLastWriteTimeUtc(old, (Now - AtomicTempSweeper.StaleAfter - TimeSpan.FromSeconds(1)).UtcDateTime);
        File.SetLastWriteTimeUtc(young, (Now - AtomicTempSweeper.StaleAfter + TimeSpan.FromSeconds(1)).UtcDateTime);
        File.SetLastWriteTimeUtc(foreign, Now.UtcDateTime.AddDays(-30));

        var removed = AtomicTempSweeper.Sweep(temp.Path, new HashSet<string>(), Now, new TestLogger<AtomicTempSweeperTests>());

        Assert.Multiple(() =>
        {
            Assert.That(removed, Is.EqualTo(1));
            Assert.That(File.Exists(old), Is.False);
            Assert.That(File.Exists(young), Is.True);
            Assert.That(File.Exists(foreign), Is.True);
        });
    }
}
