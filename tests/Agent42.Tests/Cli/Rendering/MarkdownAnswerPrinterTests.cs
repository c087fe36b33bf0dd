using System.Text.RegularExpressions;
using Agent42.Cli;
using Agent42.Cli.Rendering;

namespace Agent42.Tests.Cli.Rendering;

public sealed partial class MarkdownAnswerPrinterTests
{
    private const string Answer = """
        # Plan

        Some **bold** and *emphasis*, `code [red]x[/]` and a [link](https://example.com/a).
        - first
          - nested item
        1. one
        > quoted *text*

        ```python
        # not a heading
        x = **kwargs
        ```
        ---
        | a | b |
        |---|---|
        | 1 | 2 |
        """;

    private static string Render(IEnumerable<string> deltas, int width = 80)
    {
        using var output = new StringWriter();
        var printer = new MarkdownAnswerPrinter(output, width);
        foreach (var delta in deltas)
        {
            printer.Write(delta);
        }

        printer.Finish();
        return output.ToString();
    }

    private static string Render(string text) => Render([text]);

    private static string Visible(string rendered) => Sgr().Replace(rendered, string.Empty);

    [GeneratedRegex("\u001b\\[[0-9;]*m")]
    private static partial Regex Sgr();

    [Test]
    public void ALine_SplitAcrossDeltasAtEveryPosition_RendersTheSame()
    {
        var whole = Render(Answer);
        for (var i = 1; i < Answer.Length; i++)
        {
            Assert.That(Render([Answer[..i], Answer[i..]]), Is.EqualTo(whole), $"split at {i}");
        }

        Assert.That(Render(Answer.Select(c => c.ToString())), Is.EqualTo(whole), "one character at a time");
    }

    [Test]
    public void APartialLine_IsHeld_UntilItsNewline()
    {
        using var output = new StringWriter();
        var printer = new MarkdownAnswerPrinter(output);

        printer.Write("# Tit");
        var held = output.ToString();
        printer.Write("le\nmore");
        var afterNewline = Visible(output.ToString());
        printer.Finish();

        Assert.Multiple(() =>
        {
            Assert.That(held, Is.Empty);
            Assert.That(afterNewline, Is.EqualTo("Title\n"));
            Assert.That(Visible(output.ToString()), Is.EqualTo("Title\nmore\n"), "Finish prints the held line");
        });
    }

    [Test]
    public void AVeryLongLineOfUnclosedMarks_StreamedInTinyPieces_IsShownAsWritten()
    {
        var wall = string.Concat(Enumerable.Repeat("*a [b _c `d ", 20_000));

        var rendered = Render(wall.Chunk(3).Select(c => new string(c)).Append("\n"));

        Assert.That(rendered, Is.EqualTo(wall + "\n"));
    }

    [Test]
    public void Headings_LoseTheirMarks_AndAreStyled()
    {
        var rendered = Render("## Results ##\n#hashtag\n");

        Assert.Multiple(() =>
        {
            Assert.That(Visible(rendered), Is.EqualTo("Results\n#hashtag\n"));
            Assert.That(rendered, Does.StartWith(AnsiStyle.Bold));
        });
    }

    [Test]
    public void Lists_KeepTheirIndent_WithABulletGlyph()
    {
        var rendered = Visible(Render("- top\n  - nested\n    * deeper\n1. one\n  2) two\n"));

        Assert.That(rendered, Is.EqualTo("• top\n  • nested\n    • deeper\n1. one\n  2) two\n"));
    }

    [Test]
    public void AFencedBlock_IsVerbatim_WithItsLanguage_AndNoMarksRead()
    {
        var rendered = Visible(Render("```python\n# comment\nx = **kw** and `y`\n    indented [bold]z[/]\n```\nafter **b**\n"));

        Assert.That(rendered, Is.EqualTo("``` python\n  # comment\n  x = **kw** and `y`\n      indented [bold]z[/]\n```\nafter b\n"));
    }

    [Test]
    public void AFenceNeverClosed_StillPrintsItsCode()
    {
        var rendered = Visible(Render("~~~\nline one\nline *two*"));

        Assert.That(rendered, Is.EqualTo("```\n  line one\n  line *two*\n"));
    }

    [Test]
    public void AFenceOfFourBackticks_IsNotClosedByThree()
    {
        var rendered = Visible(Render("````\n```\ninside\n````\n# out\n"));

        Assert.That(rendered, Is.EqualTo("```\n  ```\n  inside\n```\nout\n"));
    }

    [Test]
    public void InlineMarks_AreRendered_AndUnclosedOnesPrintedAsWritten()
    {
        var rendered = Render("a **b** *c* `d` [e](https://x.test) <https://y.test> 2 * 3 = 6, snake_case_name, **open\n");

        Assert.Multiple(() =>
        {
            Assert.That(Visible(rendered), Is.EqualTo("a b c d e (https://x.test) https://y.test 2 * 3 = 6, snake_case_name, **open\n"));
            Assert.That(rendered, Does.Contain(AnsiStyle.Bold + "b"));
            Assert.That(rendered, Does.Contain(AnsiStyle.Italic + "c"));
            Assert.That(rendered, Does.Contain(AnsiStyle.Yellow + "d"));
        });
    }

    [Test]
    public void BoldInsideAHeading_EndsWithoutEndingTheHeading()
    {
        var rendered = Render("# a **b** c\n");

        Assert.That(rendered, Does.Contain(AnsiStyle.Reset + AnsiStyle.Bold + AnsiStyle.Underline + AnsiStyle.Cyan + " c"));
    }

    [Test]
    public void QuotesRulesAndTables_StayReadable()
    {
        var rendered = Visible(Render(["> said **so**\n***\n| a | b |\n|:--|--:|\n| `1` | 2 |\n"], width: 10));

        Assert.That(rendered, Is.EqualTo("│ said so\n──────────\n| a | b |\n|:--|--:|\n| 1 | 2 |\n"));
    }

    [Test]
    public void SpectreMarkup_InModelText_IsPrintedLiterally()
    {
        var rendered = Render("[bold]x[/] and [red on white]y[/]\n");

        Assert.That(rendered, Is.EqualTo("[bold]x[/] and [red on white]y[/]\n"));
    }

    [TestCase("\u001b[2J\u001b[Hcleared")]
    [TestCase("\u001b]0;owned\u0007title")]
    [TestCase("\u001b]52;c;ZXZpbA==\u0007clipboard")]
    [TestCase("\u001b]8;;https://evil.test\u001b\\link\u001b]8;;\u001b\\")]
    [TestCase("\u009b2Jc1")]
    [TestCase("over\rwritten\u0008\u007f")]
    [TestCase("bidi\u202eoverride\u2066")]
    public void ControlSequences_FromTheModel_NeverReachTheTerminal(string hostile)
    {
        var rendered = Render([hostile[..(hostile.Length / 2)], hostile[(hostile.Length / 2)..], "\n"]);
        var withoutOwnStyles = Sgr().Replace(rendered, string.Empty);

        Assert.Multiple(() =>
        {
            Assert.That(withoutOwnStyles.Where(c => c != '\n' && TerminalText.IsUnsafe(c)), Is.Empty, withoutOwnStyles);
            Assert.That(withoutOwnStyles, Does.Not.Contain("\u001b"));
        });
    }

    [Test]
    public void ControlSequences_InACodeBlock_AreStrippedToo()
    {
        var rendered = Visible(Render("```\n\u001b[31mred\u001b]0;t\u0007\n```\n"));

        Assert.That(rendered, Is.EqualTo("```\n  [31mred]0;t\n```\n"));
    }

    [Test]
    public void Restart_MarksTheBreak_AndTheNextAnswerStartsOutsideAFence()
    {
        using var output = new StringWriter();
        var printer = new MarkdownAnswerPrinter(output);
        printer.Write("```\npartial code");
        printer.Restart("the stream broke");
        printer.Write("# not code\n");
        printer.Finish();

        Assert.That(Visible(output.ToString()), Is.EqualTo("```\n  partial code\n--- the stream broke ---\nnot code\n"));
    }

    [Test]
    public void NoColor_OrADumbTerminal_AskForPlainText()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AnswerRendering.WantsPlain(new Dictionary<string, string?> { ["NO_COLOR"] = "1" }), Is.True);
            Assert.That(AnswerRendering.WantsPlain(new Dictionary<string, string?> { ["TERM"] = "dumb" }), Is.True);
            Assert.That(AnswerRendering.WantsPlain(new Dictionary<string, string?> { ["NO_COLOR"] = "", ["TERM"] = "xterm" }), Is.False);
        });
    }

    [Test]
    public void ATestsWriter_IsNeverATerminal_SoItGetsTheTextAsWritten()
    {
        using var output = new StringWriter();
        var printer = AnswerPrinter.For(new CliConsole(output, TextWriter.Null, ".", new Dictionary<string, string?>()));
        printer.Write("# a \u001b[2J **b**");
        printer.Finish();

        Assert.Multiple(() =>
        {
            Assert.That(printer, Is.InstanceOf<PlainAnswerPrinter>());
            Assert.That(output.ToString(), Is.EqualTo("# a \u001b[2J **b**\n"));
        });
    }

    [Test]
    public void TheSanitizedPlainPrinter_KeepsTheMarks_ButDropsControls()
    {
        using var output = new StringWriter();
        var printer = new SanitizedAnswerPrinter(new PlainAnswerPrinter(output));
        printer.Write("# a \u001b]0;x\u0007 **b**\n");
        printer.Finish();

        Assert.That(output.ToString(), Is.EqualTo("# a ]0;x **b**\n"));
    }
}
