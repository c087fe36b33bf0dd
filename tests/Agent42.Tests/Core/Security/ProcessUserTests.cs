using Agent42.Core.Security;

namespace Agent42.Tests.Core.Security;

public sealed class ProcessUserTests
{
    [Test]
    public void TheEffectiveUid_IsTheSecondFieldOfTheUidLine() =>
        Assert.That(ProcessUser.EffectiveUid(["Name:\tagent42", "Uid:\t1000\t0\t0\t0", "Gid:\t1000\t1000\t1000\t1000"]), Is.Zero);

    [Test]
    public void AStatusWithoutAUidLine_SaysNothing() =>
        Assert.That(ProcessUser.EffectiveUid(["Name:\tagent42"]), Is.Null);

    [Test]
    public void OnThisMachine_IsRoot_AgreesWithTheUserNameOfTheEffectiveUid()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False);

        Assert.That(ProcessUser.IsRoot(), Is.EqualTo(Environment.UserName == "root"));
    }
}
