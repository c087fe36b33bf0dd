using Agent42.Core.Tools;

namespace Agent42.Tests.Core.Tools;

public sealed class ToolNameRuleTests
{
    [TestCase("ab")]
    [TestCase("word_count")]
    [TestCase("a1_")]
    public void IsValid_AcceptsShortLowerCaseNames(string name) => Assert.That(ToolNameRule.IsValid(name), Is.True);

    [TestCase(null)]
    [TestCase("")]
    [TestCase("a")]
    [TestCase("1abc")]
    [TestCase("_abc")]
    [TestCase("Abc")]
    [TestCase("a-b")]
    public void IsValid_RefusesWhatTheRuleExcludes(string? name) => Assert.That(ToolNameRule.IsValid(name), Is.False);

    [Test]
    public void IsValid_AllowsFortyNineCharactersButNotFifty()
    {
        Assert.That(ToolNameRule.IsValid("a" + new string('b', 48)), Is.True);
        Assert.That(ToolNameRule.IsValid("a" + new string('b', 49)), Is.False);
    }
}
