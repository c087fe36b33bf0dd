using Agent42.Core.Mcp;
using Agent42.Core.Tools;

namespace Agent42.Tests.Core.Mcp;

public sealed class McpToolNamesTests
{
    private static IReadOnlyDictionary<McpToolKey, string> Assign(params (string Server, string Tool)[] tools) =>
        McpToolNames.Assign(tools.Select(t => new McpToolKey(t.Server, t.Tool)));

    [Test]
    public void PlainNames_AreMcpServerTool()
    {
        var names = Assign(("everything", "echo"), ("everything", "get-sum"), ("My-Server", "Read"));

        Assert.Multiple(() =>
        {
            Assert.That(names[new("everything", "echo")], Is.EqualTo("mcp_everything_echo"));
            Assert.That(names[new("everything", "get-sum")], Is.EqualTo("mcp_everything_get_sum"));
            Assert.That(names[new("My-Server", "Read")], Is.EqualTo("mcp_my_server_read"));
        });
    }

    [TestCase("../x")]
    [TestCase("read_file\n")]
    [TestCase("ünïcødé tool")]
    [TestCase("")]
    [TestCase("a")]
    public void AnyToolName_GivesAValidName(string tool)
    {
        var name = Assign(("s", tool)).Values.Single();

        Assert.That(ToolNameRule.IsValid(name), Is.True, name);
        Assert.That(ToolNameRule.IsMcpName(name), Is.True);
    }

    [Test]
    public void ATooLongName_IsCutWithAStableHash_AndTwoThatShareTheirStart_StayApart()
    {
        var one = new string('a', 2000);
        var two = new string('a', 1999) + "b";

        var first = Assign(("server", one), ("server", two));
        var again = Assign(("server", one));

        Assert.Multiple(() =>
        {
            Assert.That(first.Values, Has.All.Length.EqualTo(49));
            Assert.That(first.Values.Distinct().Count(), Is.EqualTo(2));
            Assert.That(again[new("server", one)], Is.EqualTo(first[new("server", one)]), "the same name every time");
            Assert.That(first.Values, Has.All.Matches<string>(ToolNameRule.IsValid));
        });
    }

    [Test]
    public void NamesThatSanitiseAlike_AllGetHashes_ButTheExactOne()
    {
        var names = Assign(("s", "get_sum"), ("s", "get-sum"), ("s", "Get-Sum"));

        Assert.Multiple(() =>
        {
            Assert.That(names[new("s", "get_sum")], Is.EqualTo("mcp_s_get_sum"));
            Assert.That(names[new("s", "get-sum")], Does.Match("^mcp_s_get_sum_[0-9a-f]{6}$"));
            Assert.That(names[new("s", "Get-Sum")], Does.Match("^mcp_s_get_sum_[0-9a-f]{6}$"));
            Assert.That(names.Values.Distinct().Count(), Is.EqualTo(3));
        });
    }

    [Test]
    public void ACraftedNameThatEqualsAnotherServersHashedName_IsLeftOut_NotShadowing()
    {
        var victim = new McpToolKey("a_b", "c");
        var hashed = Assign(("a_b", "c"), ("a", "b_c"))[victim];
        var forged = new McpToolKey("a", hashed["mcp_a_".Length..]);

        var names = McpToolNames.Assign([victim, new("a", "b_c"), forged]);

        Assert.Multiple(() =>
        {
            Assert.That(names.Values.Distinct().Count(), Is.EqualTo(names.Count));
            Assert.That(names.Values, Does.Contain(hashed));
            Assert.That(names.Count, Is.EqualTo(2), "one of the two claimants of the name is left out");
        });
    }
}
