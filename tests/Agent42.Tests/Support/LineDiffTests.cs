namespace Agent42.Tests.Support;

/// <summary>The diff the API approval test prints must point at the changed lines, or it misleads the reviewer.</summary>
public sealed class LineDiffTests
{
    [Test]
    public void Between_AChangedLine_ShowsItRemovedThenAdded_WithContextAndSkipsTheRest()
    {
        var before = string.Join("\n", Enumerable.Range(1, 12).Select(i => $"line {i}"));
        var after = before.Replace("line 6", "line six", StringComparison.Ordinal);

        var diff = LineDiff.Between(before, after, context: 1);

        Assert.That(diff.ReplaceLineEndings("\n"), Is.EqualTo("...\n  line 5\n- line 6\n+ line six\n  line 7\n...\n"));
    }

    [Test]
    public void Between_AnAddedLine_ShowsOnlyTheAddition()
    {
        var diff = LineDiff.Between("a\nb", "a\nnew\nb");

        Assert.That(diff.ReplaceLineEndings("\n"), Is.EqualTo("  a\n+ new\n  b\n"));
    }
}
