using Agent42.Core.Configuration;
using Agent42.Core.Security;
using Agent42.Core.Security.ControlFiles;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Security;

/// <summary>Allow-list mode: redirections must write inside the workspace, and the default list runs no other program.</summary>
[TestFixture]
internal sealed class CommandFilterAllowListTests : IDisposable
{
    private readonly TempDirectory _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private CommandFilter CreateSut(string allowlist = "ls,echo,cat,cd")
    {
        var paths = new Agent42Paths(_workspace.Path, _workspace.Combine("custom_tools"), _workspace.Combine("data"));
        var controlPaths = ControlPaths.For(paths, _workspace.Path, new ControlPathsOptions());
        return new CommandFilter(new CommandFilterOptions { Mode = "allow", Allowlist = allowlist }, new WorkspaceSandbox(_workspace.Path), controlPaths);
    }

    [TestCase("echo o > /proc/sysrq-trigger")]
    [TestCase("echo o >/proc/sysrq-trigger")]
    [TestCase("echo o >> /proc/sys/kernel/x")]
    [TestCase("echo x > ../outside.txt")]
    [TestCase("echo x 2> /var/tmp/x")]
    [TestCase("echo x &> /var/tmp/x")]
    [TestCase("echo x >& /var/tmp/x")]
    [TestCase("echo x >| /var/tmp/x")]
    [TestCase("cat <> /var/tmp/x")]
    [TestCase("echo x > \"/var/tmp/x\"")]
    [TestCase("echo x > '/var/tmp/a b'")]
    [TestCase("echo x > $HOME/.bashrc")]
    [TestCase("echo x > ~/.bashrc")]
    [TestCase("echo x > /tmp/*")]
    [TestCase("cd /var/tmp && echo x > x")]
    [TestCase("ls && echo x > /dev/stdout")]
    public void Check_ARedirectionOutsideTheWorkspace_IsRefusedWithRuleAllowlistRedirect(string command)
    {
        var check = CreateSut().Check(command);

        Assert.Multiple(() =>
        {
            Assert.That(check.Allowed, Is.False);
            Assert.That(check.Rule, Is.EqualTo("allowlist-redirect"));
            Assert.That(check.Reason, Does.StartWith("the redirection to '"));
        });
    }

    [TestCase("echo x > out.txt")]
    [TestCase("echo x >> logs/out.txt")]
    [TestCase("echo x > ./out.txt 2>&1")]
    [TestCase("ls > /dev/null 2>&1")]
    [TestCase("ls 2>/dev/null")]
    [TestCase("ls >&2")]
    [TestCase("ls 1>&2 2>&-")]
    [TestCase("echo 'a > /var/tmp/x'")]
    [TestCase("echo \"a > /var/tmp/x\"")]
    [TestCase(@"echo a \> b")]
    [TestCase("cat < /etc/hostname")]
    public void Check_ARedirectionInsideTheWorkspaceOrToDevNull_IsAllowed(string command)
    {
        var check = CreateSut().Check(command);

        Assert.That(check.Allowed, Is.True, check.ToString());
    }

    [Test]
    public void Check_AnAbsoluteRedirectionInsideTheWorkspace_IsAllowed()
    {
        Assert.That(CreateSut().Check($"echo x > {_workspace.Combine("out.txt")}").Allowed, Is.True);
    }

    [Test]
    public void Check_ARedirectionOntoAgent42sOwnFile_IsRefusedNamingItsRule()
    {
        var check = CreateSut().Check("echo OPENROUTER_BASE_URL=http://evil > .env");

        Assert.Multiple(() =>
        {
            Assert.That(check.Rule, Is.EqualTo("allowlist-redirect"));
            Assert.That(check.Reason, Does.Contain("rule own-secrets"));
        });
    }

    [Test]
    public void Check_ARedirectionOntoASystemFile_IsStillRefusedUnderTheDenyRulesName()
    {
        Assert.That(CreateSut().Check("echo x > /etc/passwd").Rule, Is.EqualTo("write-system-file"));
    }

    [TestCase("find")]
    [TestCase("git")]
    [TestCase("make")]
    [TestCase("xargs")]
    [TestCase("env")]
    [TestCase("awk")]
    [TestCase("sed")]
    [TestCase("sort")]
    [TestCase("dotnet")]
    [TestCase("vim")]
    [TestCase("less")]
    [TestCase("sh")]
    [TestCase("timeout")]
    public void DefaultAllowlist_HoldsNoProgramThatRunsOtherPrograms(string program)
    {
        var check = new CommandFilter(new CommandFilterOptions { Mode = "allow" }).Check($"{program} x");

        Assert.That(check.Rule, Is.EqualTo("allowlist"));
    }

    [Test]
    [Platform("Linux")]
    public void WithoutAWorkspace_CheckingRedirections_LeaksNoDirectoryHandles()
    {
        // A filter built on its own resolves redirections against the current directory; the sandbox it makes for
        // that holds a directory handle, which must be released after each check.
        var sut = new CommandFilter(new CommandFilterOptions { Mode = "allow", Allowlist = "echo" });
        int OpenHandles() => Directory.GetFileSystemEntries("/proc/self/fd").Length;
        sut.Check("echo x > out.txt");
        var before = OpenHandles();

        // No collection during the loop, so a handle left to its finalizer would still be open when counted.
        Assume.That(GC.TryStartNoGCRegion(64L * 1024 * 1024), Is.True, "the runtime would not suspend collections");
        try
        {
            for (var i = 0; i < 200; i++)
            {
                sut.Check("echo x > out.txt");
            }

            Assert.That(OpenHandles() - before, Is.LessThan(50));
        }
        finally
        {
            if (System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }
    }
}
