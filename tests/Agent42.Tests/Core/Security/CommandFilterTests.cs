using Agent42.Core.Configuration;
using Agent42.Core.Security;

namespace Agent42.Tests.Core.Security;

/// <summary>The filter's modes; the individual rules are covered by <see cref="CommandRulesTests"/>.</summary>
[TestFixture]
internal sealed class CommandFilterTests
{
    [TestCase("")]
    [TestCase("   ")]
    public void Check_WhenCommandIsEmpty_RefusesWithRuleEmpty(string command)
    {
        var check = CreateSut().Check(command);

        Assert.That(check.Allowed, Is.False);
        Assert.That(check.Rule, Is.EqualTo("empty"));
    }

    [Test]
    public void Check_WhenCommandIsRefused_ToStringNamesTheRuleAndReason()
    {
        var check = CreateSut().Check("sudo ls");

        Assert.That(check.ToString(), Is.EqualTo("denied by rule 'privilege-escalation': privilege escalation (sudo, su, doas)"));
    }

    [Test]
    public void Check_InDenyMode_AllowsAProgramNotOnAnyList()
    {
        Assert.That(CreateSut().Check("cat notes.txt").Allowed, Is.True);
    }

    [TestCase("ls -la")]
    [TestCase("git status && ls")]
    [TestCase("git status || ls")]
    [TestCase("ls | git hash-object --stdin")]
    [TestCase("FOO=1 git status")]
    [TestCase("A=1 B=2 ls")]
    [TestCase("/bin/ls -la")]
    [TestCase("(ls)")]
    [TestCase("ls -la 2>&1")]
    [TestCase("git status >/dev/null 2>&1 && ls")]
    [TestCase("ls &> out.txt")]
    [TestCase("git commit -m \"a; b\"")]
    [TestCase("git commit -m 'a && b | c'")]
    [TestCase("git commit -m \"it's (done) & rm'd\"")]
    [TestCase(@"git log --grep=a\;b")]
    [TestCase(@"git log --grep=""a\""; rm x""")]
    [TestCase("ls \"$(git log \"a;b\"); rm x\"")]
    [TestCase("git log \"$(ls)\"")]
    public void Check_InAllowListMode_AllowsCommandsMadeOnlyOfListedPrograms(string command)
    {
        var check = CreateAllowListSut().Check(command);

        Assert.That(check.Allowed, Is.True, check.ToString());
    }

    [Test]
    public void Check_InAllowListMode_RefusesAnUnlistedProgramWithRuleAllowlistNamingIt()
    {
        var check = CreateAllowListSut().Check("cat x");

        Assert.That(check.Allowed, Is.False);
        Assert.That(check.Rule, Is.EqualTo("allowlist"));
        Assert.That(check.Reason, Is.EqualTo("'cat' is not in COMMAND_ALLOWLIST"));
    }

    [TestCase("ls; rm x", "rm")]
    [TestCase("ls && rm x", "rm")]
    [TestCase("ls || rm x", "rm")]
    [TestCase("ls | xargs rm", "xargs")]
    [TestCase("ls & rm x", "rm")]
    [TestCase("ls $(rm x)", "rm")]
    [TestCase("ls <(rm x)", "rm")]
    [TestCase("ls >(rm x)", "rm")]
    [TestCase("FOO=1 rm x", "rm")]
    [TestCase("/usr/bin/rm x", "rm")]
    [TestCase("ls \"x\"; rm y", "rm")]
    [TestCase("ls 'a|b' | rm y", "rm")]
    [TestCase(@"ls \""; rm x", "rm")]
    [TestCase(@"ls \'; rm x", "rm")]
    [TestCase("ls \"$(ls; rm x)\"", "rm")]
    [TestCase("ls \"$(git log \"a;b\"; rm x)\"", "rm")]
    public void Check_InAllowListMode_RefusesAnUnlistedProgramAnywhereInTheCommand(string command, string program)
    {
        var check = CreateAllowListSut().Check(command);

        Assert.That(check.Allowed, Is.False);
        Assert.That(check.Rule, Is.EqualTo("allowlist"));
        Assert.That(check.Reason, Does.Contain($"'{program}'"));
    }

    [TestCase("ls > /etc/passwd", "write-system-file")]
    [TestCase("git log > /dev/sda", "write-device")]
    [TestCase("ls /dev/tcp/10.0.0.1/80", "reverse-shell")]
    [TestCase("ls\nrm x", "newline")]
    public void Check_InAllowListMode_StillAppliesPreChecksAndTheDenyList(string command, string rule)
    {
        var check = CreateAllowListSut().Check(command);

        Assert.That(check.Allowed, Is.False);
        Assert.That(check.Rule, Is.EqualTo(rule));
    }

    [TestCase("find . -delete")]
    [TestCase(@"find . -exec rm {} \;")]
    [TestCase("find . -name '*.tmp' -execdir rm -f {} +")]
    public void Check_InEitherMode_RefusesFindsDestructiveActionsWithRuleFindDelete(string command)
    {
        // find is no longer on the default list (it runs programs), so a list that adds it.
        var allowList = new CommandFilter(new CommandFilterOptions { Mode = "allow", Allowlist = "find,ls" });

        Assert.That(allowList.Check(command).Rule, Is.EqualTo("find-delete"));
        Assert.That(CreateSut().Check(command).Rule, Is.EqualTo("find-delete"));
        Assert.That(allowList.Check("find . -name '*.tmp'").Allowed, Is.True);
    }

    [Test]
    public void Check_InAllowListModeWithAnEmptyList_UsesTheDefaultList()
    {
        var filter = new CommandFilter(new CommandFilterOptions { Mode = "ALLOW", Allowlist = " " });

        Assert.That(filter.Check("grep -r x src").Allowed, Is.True);
        Assert.That(filter.Check("python script.py").Rule, Is.EqualTo("allowlist"));
    }

    private static CommandFilter CreateSut() => new(new CommandFilterOptions());

    private static CommandFilter CreateAllowListSut() => new(new CommandFilterOptions { Mode = "allow", Allowlist = "ls,git" });
}
