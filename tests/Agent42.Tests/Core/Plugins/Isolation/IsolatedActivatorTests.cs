using System.Globalization;
using Agent42.Core.Plugins;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins.Isolation;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Plugins.Isolation;

/// <summary>
/// The checking side of an isolated activation against stand-in children (shell scripts), so what is under test
/// is the deadline and the killing, not Agent42's start-up; the real child is covered by the CLI tests.
/// </summary>
[Platform("Linux")]
public sealed class IsolatedActivatorTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly PluginHarness _harness = new();
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _harness.Dispose();
        _dir.Dispose();
    }

    private PluginBuild Build() => _harness.Compile("t.cs", PluginHarness.Usings + PluginHarness.RawTool("T", "t_tool"));

    private IsolatedActivator CreateSut(string script, TimeProvider time) => new(
        new ActivationCommand("/bin/sh", ["-c", script, "sh", _dir.Combine("grandchild.pid")], _dir.Path, new Dictionary<string, string?>()),
        new PluginOptions { LoadTimeoutSeconds = 1 },
        time);

    private async Task<int> GrandchildAsync()
    {
        var pidFile = _dir.Combine("grandchild.pid");
        Assert.That(await Poll.UntilAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'), Patience), Is.True, "the child did not start its own child");
        return int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Running and not a zombie (a killed process that no one reaped yet is gone for our purposes).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Test]
    public async Task AChildThatAnswers_GivesItsReport_AndItsWholeProcessTreeIsKilledAfter()
    {
        var sut = CreateSut("""sleep 600 & echo $! > "$1"; echo '{"tools":["t_tool"],"diagnostics":[]}'; wait""", TimeProvider.System);

        var report = await sut.ActivateAsync(Build(), CancellationToken.None);
        var grandchild = await GrandchildAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(report.Tools, Is.EqualTo(new[] { "t_tool" }));
            Assert.That(report.Diagnostics, Is.Empty);
            Assert.That(await Poll.UntilAsync(() => !IsAlive(grandchild), Patience), Is.True, "the child's own child outlived the check");
        });
    }

    [Test]
    public async Task AChildThatNeverAnswers_IsKilledAtTheDeadline_AndTheFileGetsA42303()
    {
        var time = new ArmedClock(TimeSpan.FromSeconds(1) + IsolatedActivator.StartSlack);
        var sut = CreateSut("""sleep 600 & echo $! > "$1"; wait""", time);

        var activating = sut.ActivateAsync(Build(), CancellationToken.None);
        await time.WaitForAsync(armed: 1, disposed: 0);
        var grandchild = await GrandchildAsync();
        time.Advance(sut.Deadline);
        var report = await activating.WaitAsync(Patience);

        Assert.Multiple(async () =>
        {
            Assert.That(report.Tools, Is.Empty);
            Assert.That(report.Diagnostics.Single().Code, Is.EqualTo(PluginDiagnosticCodes.ActivationTimedOut));
            Assert.That(report.Diagnostics.Single().Message, Does.Contain("did not finish within 16 s"));
            Assert.That(await Poll.UntilAsync(() => !IsAlive(grandchild), Patience), Is.True, "the child's own child outlived the deadline");
        });
    }

    [Test]
    public async Task AChildThatEndsWithoutAnswering_GivesA42306_WithItsExitCodeAndFirstErrorLine()
    {
        var sut = CreateSut("""echo 'Stack overflow.' >&2; echo '   at T..ctor()' >&2; exit 134""", TimeProvider.System);

        var report = await sut.ActivateAsync(Build(), CancellationToken.None);

        var diagnostic = report.Diagnostics.Single();
        Assert.Multiple(() =>
        {
            Assert.That(report.Tools, Is.Empty);
            Assert.That(diagnostic.Code, Is.EqualTo(PluginDiagnosticCodes.ActivationProcessEnded));
            Assert.That(diagnostic.IsError, Is.True);
            Assert.That(diagnostic.Message, Does.Contain("(exit code 134: Stack overflow.)"));
        });
    }

    [Test]
    public async Task AChildThatAnswersNonsense_GivesA42306()
    {
        var sut = CreateSut("echo 'hello'", TimeProvider.System);

        var report = await sut.ActivateAsync(Build(), CancellationToken.None);

        Assert.That(report.Diagnostics.Single().Message, Does.Contain("gave an unreadable answer"));
    }

    [Test]
    public async Task AChildThatCannotStart_GivesA42306()
    {
        var sut = new IsolatedActivator(new ActivationCommand(_dir.Combine("no-such-agent42"), [], _dir.Path, new Dictionary<string, string?>()),
            new PluginOptions(), TimeProvider.System);

        var report = await sut.ActivateAsync(Build(), CancellationToken.None);

        Assert.That(report.Diagnostics.Single().Message, Does.Contain("could not start the process"));
    }
}
