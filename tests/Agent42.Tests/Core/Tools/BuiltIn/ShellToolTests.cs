using Agent42.Core.Configuration;
using Agent42.Core.Security;
using Agent42.Core.Security.ControlFiles;
using Agent42.Core.Security.Sandbox;
using Agent42.Core.Tools.BuiltIn;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Tools.BuiltIn;

public sealed class ShellToolTests : BuiltInToolFixture
{
    private readonly TestLogger<ShellSandbox> _logger = new();
    private readonly TempDirectory _agent42Home = new();

    [TearDown]
    public void DeleteAgent42Home() => _agent42Home.Dispose();

    // Agent42's directories outside the workspace, so a listing shows no placeholder for them (ShellSandboxTests covers those).
    private ShellTool CreateSut(ShellSandboxOptions? sandboxOptions = null)
    {
        var paths = new Agent42Paths(Workspace.Path, _agent42Home.Combine("custom_tools"), _agent42Home.Combine("data"));
        var controlPaths = ControlPaths.For(paths, Workspace.Path, new ControlPathsOptions());
        var shellSandbox = new ShellSandbox(sandboxOptions ?? new ShellSandboxOptions(), controlPaths, Sandbox, _logger, TimeProvider.System);
        return new ShellTool(new CommandFilter(new CommandFilterOptions(), Sandbox, controlPaths), shellSandbox, Options, TimeProvider.System);
    }

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

    [Test]
    public async Task Run_WithSandboxOff_RunsTheFullFilter()
    {
        var result = await CallAsync(CreateSut(new ShellSandboxOptions { Sandbox = "off" }), new { command = "python3 -c 'print(1)'" });

        Assert.That(result.Error, Does.StartWith("Command refused: denied by rule 'interpreter-c'"));
    }

    [Test]
    public async Task Run_WithSandboxRequiredButNoBubblewrap_FailsSayingSoAndRunsNothing()
    {
        var sut = CreateSut(new ShellSandboxOptions { Sandbox = "bwrap", BwrapPath = Workspace.Combine("no-such-bwrap") });

        var result = await CallAsync(sut, new { command = "touch marker" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Success, Is.False);
            Assert.That(result.Error, Does.StartWith("SHELL_SANDBOX=bwrap, but bubblewrap cannot run here ("));
            Assert.That(result.Error, Does.Contain("no-such-bwrap"));
            Assert.That(File.Exists(Workspace.Combine("marker")), Is.False);
        });
    }

    [Test]
    public async Task Run_WithSandboxAutoButNoBubblewrap_RunsUnderTheFilterAndWarnsOnce()
    {
        var sut = CreateSut(new ShellSandboxOptions { BwrapPath = Workspace.Combine("no-such-bwrap") });

        var first = await CallAsync(sut, new { command = "echo one" });
        var second = await CallAsync(sut, new { command = "echo two" });
        var inline = await CallAsync(sut, new { command = "bash -c 'cd . && ls'" });

        var warnings = _logger.Messages(Microsoft.Extensions.Logging.LogLevel.Warning).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(first.Output, Is.EqualTo("exit code: 0\none\n"));
            Assert.That(second.Output, Is.EqualTo("exit code: 0\ntwo\n"));
            Assert.That(inline.Error, Does.StartWith("Command refused: denied by rule 'shell-c'"), "without the sandbox the filter is the only guard");
            Assert.That(warnings, Has.Count.EqualTo(1));
            Assert.That(warnings[0], Does.StartWith("SHELL_SANDBOX=auto: bubblewrap cannot run here ("));
            Assert.That(warnings[0], Does.Contain("checked by the command filter alone"));
        });
    }
}
