using Agent42.Core.Security;

namespace Agent42.Tests.Core.Security;

/// <summary>
/// Under the OS sandbox the filter only stops obvious mistakes: the everyday idioms it refuses unsandboxed run, and
/// the rules against destruction and escalation still apply.
/// </summary>
[TestFixture]
internal sealed class CommandFilterSandboxTests
{
    private static readonly string[] Idioms =
    [
        "curl -s https://api.example.com/items | python3 -m json.tool",
        "python3 -c 'print(1)'",
        "bash -c 'cd src && ls'",
        "node -e 'console.log(1)'",
        "cat <<'EOF' > notes.md\n# Notes\nEOF",
        "echo \"built at `date`\"",
        "echo \"$(curl -s https://example.com/version)\"",
        "ls\ngit status",
        @"printf '\x1b[1mbold\x1b[0m\n'",
        @"printf '\033[1mbold\n'",
        "echo x > /etc/hosts.new",
        "eval \"$(direnv export bash)\"",
    ];

    private static readonly (string Rule, string Command)[] StillRefused =
    [
        ("rm-root", "rm -rf /"),
        ("rm-root", "ls\nrm -rf ."),
        ("privilege-escalation", "sudo apt-get install jq"),
        ("mkfs", "mkfs.ext4 /dev/sdb1"),
        ("fork-bomb", ":(){ :|:& };:"),
        ("find-delete", "find . -delete"),
        ("nul-byte", "ls\0; rm -rf /"),
    ];

    private static IEnumerable<TestCaseData> IdiomCases() => Idioms.Select(c => new TestCaseData(c).SetArgDisplayNames(Printable(c)));

    private static IEnumerable<TestCaseData> RefusedCases() =>
        StillRefused.Select(s => new TestCaseData(s.Rule, s.Command).SetArgDisplayNames(s.Rule, Printable(s.Command)));

    [TestCaseSource(nameof(IdiomCases))]
    public void Check_Sandboxed_AllowsAnEverydayIdiom_ThatUnsandboxedIsRefused(string command)
    {
        var filter = new CommandFilter(new CommandFilterOptions());

        var sandboxed = filter.Check(command, sandboxed: true);
        var unsandboxed = filter.Check(command, sandboxed: false);

        Assert.Multiple(() =>
        {
            Assert.That(sandboxed.Allowed, Is.True, sandboxed.ToString());
            Assert.That(unsandboxed.Allowed, Is.False, "without the sandbox the filter is the only guard and keeps every rule");
        });
    }

    [TestCaseSource(nameof(RefusedCases))]
    public void Check_Sandboxed_StillRefusesObviousMistakes(string rule, string command)
    {
        var check = new CommandFilter(new CommandFilterOptions()).Check(command, sandboxed: true);

        Assert.That(check.Rule, Is.EqualTo(rule));
    }

    [Test]
    public void Check_ThroughThePluginInterface_IsTheFullUnsandboxedCheck()
    {
        Agent42.Sdk.ICommandFilter filter = new CommandFilter(new CommandFilterOptions());

        Assert.That(filter.Check("python3 -c 'print(1)'").Rule, Is.EqualTo("interpreter-c"));
    }

    private static string Printable(string command) =>
        command.Replace("\0", "\\0", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
