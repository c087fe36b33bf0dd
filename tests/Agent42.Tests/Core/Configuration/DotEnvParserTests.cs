using Agent42.Core.Configuration;

namespace Agent42.Tests.Core.Configuration;

[TestFixture]
internal sealed class DotEnvParserTests
{
    [Test]
    public void Parse_ReadsKeyValueLines()
    {
        var values = Parse("A=1\nB=two words\nC=\nD = spaced ");

        Assert.That(values, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["A"] = "1",
            ["B"] = "two words",
            ["C"] = string.Empty,
            ["D"] = "spaced",
        }));
    }

    [Test]
    public void Parse_StripsTheExportPrefix()
    {
        var values = Parse("export A=1\nexport   B='x'");

        Assert.That(values["A"], Is.EqualTo("1"));
        Assert.That(values["B"], Is.EqualTo("x"));
    }

    [Test]
    public void Parse_WhenExportIsFollowedByATab_StripsIt()
    {
        var values = Parse("export\tA=1\nexport \t B=2\nexport=3");

        Assert.That(values["A"], Is.EqualTo("1"));
        Assert.That(values["B"], Is.EqualTo("2"));
        Assert.That(values["export"], Is.EqualTo("3"));
    }

    [Test]
    public void Parse_SkipsCommentsAndBlankLines()
    {
        var values = Parse("# a comment\n\n   \n  # indented comment\nA=1\r\n\r\nB=2\r\n");

        Assert.That(values.Keys, Is.EquivalentTo(new[] { "A", "B" }));
        Assert.That(values["B"], Is.EqualTo("2"));
    }

    [Test]
    public void Parse_WhenUnquotedValueHasSpaceHash_DropsTheInlineComment()
    {
        var values = Parse("A=value # the comment\nB=a#b\nC=http://x/#anchor");

        Assert.That(values["A"], Is.EqualTo("value"));
        Assert.That(values["B"], Is.EqualTo("a#b"));
        Assert.That(values["C"], Is.EqualTo("http://x/#anchor"));
    }

    [Test]
    public void Parse_WhenUnquotedValueHasTabHash_DropsTheInlineComment()
    {
        var values = Parse("A=value\t# the comment\nB=x \t#c");

        Assert.That(values["A"], Is.EqualTo("value"));
        Assert.That(values["B"], Is.EqualTo("x"));
    }

    [Test]
    public void Parse_WhenValueIsSingleQuoted_KeepsItLiterally()
    {
        var values = Parse(@"A='x\ny # not a comment ""q""'");

        Assert.That(values["A"], Is.EqualTo(@"x\ny # not a comment ""q"""));
    }

    [Test]
    public void Parse_WhenValueIsDoubleQuoted_AppliesEscapes()
    {
        var values = Parse(@"A=""quote\"" back\\ nl\n tab\t cr\r other\q # kept""");

        Assert.That(values["A"], Is.EqualTo("quote\" back\\ nl\n tab\t cr\r otherq # kept"));
    }

    [Test]
    public void Parse_WhenQuotedValueIsFollowedByAComment_IgnoresTheComment()
    {
        var values = Parse("A=\"v\" # comment\nB='w'#comment");

        Assert.That(values["A"], Is.EqualTo("v"));
        Assert.That(values["B"], Is.EqualTo("w"));
    }

    [Test]
    public void Parse_WhenTextStartsWithAByteOrderMark_IgnoresIt()
    {
        var values = Parse("\uFEFFA=1");

        Assert.That(values["A"], Is.EqualTo("1"));
    }

    [Test]
    public void Parse_WhenAKeyRepeats_TheLastValueWins()
    {
        Assert.That(Parse("A=1\nA=2")["A"], Is.EqualTo("2"));
    }

    [TestCase("# comment\n\nNOEQUALS", 3, "expected KEY=VALUE; the line has no '='")]
    [TestCase("=value", 1, "expected KEY=VALUE; the line has no name before '='")]
    [TestCase("A=1\n1KEY=x", 2, "'1KEY' is not a valid variable name")]
    [TestCase("MY-KEY=x", 1, "'MY-KEY' is not a valid variable name")]
    [TestCase("A=\"abc", 1, "the value of A has no closing \"")]
    [TestCase("A=1\n\nB='abc", 3, "the value of B has no closing '")]
    [TestCase("A=\"abc\" def", 1, "unexpected text after the closing quote of A")]
    [TestCase("A='it''s'", 1, "unexpected text after the closing quote of A")]
    public void Parse_WhenALineIsMalformed_ThrowsNamingTheFileAndLine(string text, int line, string problem)
    {
        Assert.That(() => Parse(text), Throws.TypeOf<ConfigurationException>()
            .With.Message.StartWith($".env line {line}: ")
            .And.Message.Contain(problem));
    }

    [TestCase("sk-or-v1-0123456789abcdef")]
    [TestCase("OPENROUTER_API_KEY=\"sk-or-v1-0123456789abcdef\" sk-or-v1-0123456789abcdef")]
    [TestCase("OPENROUTER_API_KEY='sk-or-v1-0123456789abcdef")]
    public void Parse_WhenALineIsMalformed_TheErrorDoesNotQuoteWhatMayBeASecret(string text)
    {
        // The error goes to stderr and, from a running host, to the log file: a pasted key must not end up there.
        Assert.That(() => Parse(text), Throws.TypeOf<ConfigurationException>().With.Message.Not.Contain("0123456789"));
    }

    private static IReadOnlyDictionary<string, string> Parse(string text) => DotEnvParser.Parse(text, ".env");
}
