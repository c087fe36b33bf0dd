using Agent42.Core.Configuration;
using Agent42.Core.Security;
using Agent42.Core.Tools.BuiltIn;

namespace Agent42.Tests.Core.Tools.BuiltIn;

public sealed class ShellToolTests : BuiltInToolFixture
{
    private ShellTool CreateSut() => new(Sandbox, new CommandFilter(new CommandFilterOptions()), Options, TimeProvider.System);

    [Test]
    public async Task Run_InTheWorkspace_ReturnsExitCodeAndOutput()
    {
        Workspace.Write("hello.txt", "hi");

        var result = await CallAsync(CreateSut(), new { command = "ls && echo done" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Success, Is.True, result.Error);
            Assert.That(result.Output, Is.EqualTo("exit code: 0\nhello.txt\ndone\n"));
        });
    }

    [Test]
    public async Task Run_WithNonZeroExit_FailsKeepingStdoutAndStderr()
    {
        var result = await CallAsync(CreateSut(), new { command = "echo out; echo err >&2; exit 3" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Is.EqualTo("the command exited with code 3"));
            Assert.That(result.Output, Is.EqualTo("exit code: 3\nout\n[stderr]\nerr\n"));
        });
    }

    [Test]
    public async Task Run_ADeniedCommand_IsRefusedNamingTheRule_AndNotRun()
    {
        var result = await CallAsync(CreateSut(), new { command = "touch marker; sudo ls" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Is.EqualTo("Command refused: denied by rule 'privilege-escalation': privilege escalation (sudo, su, doas)"));
            Assert.That(File.Exists(Workspace.Combine("marker")), Is.False);
        });
    }

    [Test]
    public async Task Run_PastItsTimeout_IsKilled()
    {
        var result = await CallAsync(CreateSut(), new { command = "echo started; sleep 30", timeout_seconds = 1 });

        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Is.EqualTo("the command timed out and was killed"));
            Assert.That(result.Output, Does.Contain("started"));
        });
    }

    [Test]
    public async Task Run_WithHugeOutput_CapsIt()
    {
        var result = await CallAsync(CreateSut(), new { command = "seq 1 5000" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Output.Length, Is.LessThan(1024 + 200));
            Assert.That(result.Output, Does.Contain("more characters cut; SHELL_MAX_OUTPUT_KB"));
        });
    }
}
