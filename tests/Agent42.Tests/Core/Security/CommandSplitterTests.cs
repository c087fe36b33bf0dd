using Agent42.Core.Security;

namespace Agent42.Tests.Core.Security;

[TestFixture]
internal sealed class CommandSplitterTests
{
    [Test]
    public void Split_CutsAtEverySeparatorOutsideQuotes()
    {
        var segments = CommandSplitter.Split("a; b && c || d | e & f");

        Assert.That(Programs(segments), Is.EqualTo(new[] { "a", "b", "c", "d", "e", "f" }));
    }

    [TestCase("git commit -m \"a; b | c\"")]
    [TestCase("git commit -m 'a && \"b\" & c'")]
    [TestCase(@"git log --grep=a\;b\|c")]
    [TestCase(@"git log --grep=""say \""hi; bye\""""")]
    [TestCase("ls 2>&1 >&2 &> out.txt")]
    [TestCase("ls >| out.txt")]
    public void Split_KeepsQuotedEscapedAndRedirectionCharactersInOneSegment(string command)
    {
        Assert.That(CommandSplitter.Split(command), Is.EqualTo(new[] { command }));
    }

    [Test]
    public void Split_StartsACommandAtDollarParenEvenInsideDoubleQuotes_AndReturnsToTheQuotesAfterIt()
    {
        var segments = CommandSplitter.Split("echo \"$(date; pwd) ; not a command\"");

        Assert.That(segments, Is.EqualTo(new[] { "echo \"", "date", " pwd) ; not a command\"" }));
    }

    private static string[] Programs(IEnumerable<string> segments) =>
        segments.Select(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault())
            .OfType<string>()
            .ToArray();
}
