using System.Text.RegularExpressions;
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
    [TestCase("ab\n")]
    [TestCase("ab\r\n")]
    [TestCase("a\u0661b")]
    [TestCase("\u00e9ab")]
    public void IsValid_RefusesWhatTheRuleExcludes(string? name) => Assert.That(ToolNameRule.IsValid(name), Is.False);

    [Test]
    public void IsValid_AllowsFortyNineCharactersButNotFifty()
    {
        Assert.That(ToolNameRule.IsValid("a" + new string('b', 48)), Is.True);
        Assert.That(ToolNameRule.IsValid("a" + new string('b', 49)), Is.False);
    }

    [Test]
    public void IsValid_AgreesWithThePatternAnchoredAtTheVeryEnd_OnEveryShortString()
    {
        // The pattern as the rule means it: "$" of a regex would also match before a final line break.
        var exact = new Regex(ToolNameRule.Pattern.Replace("$", @"\z", StringComparison.Ordinal), RegexOptions.CultureInvariant);
        char[] alphabet = ['a', 'z', 'A', '0', '9', '_', '-', ' ', '\n', '\u00e9', '\u0661'];
        var strings = new List<string> { string.Empty };
        for (var length = 1; length <= 3; length++)
        {
            strings.AddRange(strings.Where(s => s.Length == length - 1).SelectMany(s => alphabet.Select(c => s + c)).ToArray());
        }

        var disagreements = strings.Where(s => ToolNameRule.IsValid(s) != exact.IsMatch(s)).ToArray();

        Assert.That(disagreements, Is.Empty);
    }
}
