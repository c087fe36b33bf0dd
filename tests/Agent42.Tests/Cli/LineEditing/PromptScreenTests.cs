using Agent42.Cli.LineEditing;

namespace Agent42.Tests.Cli.LineEditing;

public sealed class PromptScreenTests
{
    private const string Prompt = "agent42> ";
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    private PromptScreen CreateSut(ScriptedKeys keys, int width = 80) => new(_output, _error, errorOnScreen: true, keys, () => width);

    [Test]
    public void Editing_KeysMoveAndDelete_AndEnterGivesTheWholeLine()
    {
        var keys = new ScriptedKeys().Text("héllo")
            .Key(ConsoleKey.LeftArrow).Key(ConsoleKey.LeftArrow).Key(ConsoleKey.Backspace).Text("X")
            .Key(ConsoleKey.Home).Key(ConsoleKey.Delete).Key(ConsoleKey.End).Text("!")
            .Key(ConsoleKey.Enter, c: '\r');

        var line = CreateSut(keys).ReadLine(Prompt);

        Assert.That(line, Is.EqualTo("éXlo!"));
    }

    [Test]
    public void ASurrogatePair_IsOneCharacter_ToMoveOverAndDelete()
    {
        var keys = new ScriptedKeys().Text("a😀b").Key(ConsoleKey.LeftArrow).Key(ConsoleKey.LeftArrow).Key(ConsoleKey.Delete)
            .Key(ConsoleKey.Enter);

        Assert.That(CreateSut(keys).ReadLine(Prompt), Is.EqualTo("ab"));
    }

    [Test]
    public void ABackgroundMessage_GoesAboveThePrompt_WhichIsDrawnAgainWithThePartialLine()
    {
        PromptScreen? screen = null;
        var keys = new ScriptedKeys().Text("list the").Then(() => screen!.Write("tool added: hello.cs\n")).Text(" files").Key(ConsoleKey.Enter);
        screen = CreateSut(keys);

        var line = screen.ReadLine(Prompt);

        var output = _output.ToString();
        var message = output.IndexOf("\r\u001b[Ktool added: hello.cs\n", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(line, Is.EqualTo("list the files"));
            Assert.That(message, Is.GreaterThan(0), output);
            Assert.That(output[message..], Does.Contain("tool added: hello.cs\n\ragent42> list the\u001b[K"), "redrawn with what was typed");
        });
    }

    [Test]
    public void ALogLine_WrittenInPieces_GoesAboveThePromptWhole()
    {
        PromptScreen? screen = null;
        var keys = new ScriptedKeys().Text("ab").Then(() =>
        {
            screen!.Error.Write("[WRN] research: ");
            screen.Error.Write("offline\n");
        }).Key(ConsoleKey.Enter);
        screen = CreateSut(keys);

        screen.ReadLine(Prompt);

        Assert.Multiple(() =>
        {
            Assert.That(_error.ToString(), Is.EqualTo("[WRN] research: offline\n"));
            Assert.That(_output.ToString(), Does.Contain("agent42> ab\u001b[K\r\u001b[K\ragent42> ab\u001b[K"));
        });
    }

    [Test]
    public void OutsideAReadLine_TextIsWrittenAsItIs()
    {
        var screen = CreateSut(new ScriptedKeys());

        screen.Write("answer");
        screen.Error.WriteLine("[WRN] x");

        Assert.Multiple(() =>
        {
            Assert.That(_output.ToString(), Is.EqualTo("answer"));
            Assert.That(_error.ToString(), Is.EqualTo("[WRN] x\n"));
        });
    }

    [Test]
    public void ControlC_ClearsTheLine_AndControlD_EndsOnlyAnEmptyLine()
    {
        var keys = new ScriptedKeys().Text("oops").Key(ConsoleKey.C, control: true, c: '\u0003').Text("xy").Key(ConsoleKey.Home)
            .Key(ConsoleKey.D, control: true, c: '\u0004').Key(ConsoleKey.Enter)
            .Key(ConsoleKey.D, control: true, c: '\u0004');
        var screen = CreateSut(keys);

        var first = screen.ReadLine(Prompt);
        var second = screen.ReadLine(Prompt);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo("y"));
            Assert.That(second, Is.Null);
        });
    }

    [Test]
    public void UpAndDown_WalkThisSessionsHistory_AndComeBackToTheDraft()
    {
        var keys = new ScriptedKeys().Text("one").Key(ConsoleKey.Enter).Text("two").Key(ConsoleKey.Enter)
            .Text("dra").Key(ConsoleKey.UpArrow).Key(ConsoleKey.UpArrow).Key(ConsoleKey.UpArrow).Key(ConsoleKey.Enter)
            .Text("dra").Key(ConsoleKey.UpArrow).Key(ConsoleKey.DownArrow).Text("ft").Key(ConsoleKey.Enter);
        var screen = CreateSut(keys);

        var lines = new[] { screen.ReadLine(Prompt), screen.ReadLine(Prompt), screen.ReadLine(Prompt), screen.ReadLine(Prompt) };

        Assert.That(lines, Is.EqualTo(new[] { "one", "two", "one", "draft" }));
    }

    [Test]
    public void ControlCharacters_AndEscapes_AreNotTyped()
    {
        var keys = new ScriptedKeys().Text("a\u001b[2Jb\u0007\u202ec").Key(ConsoleKey.Enter);

        Assert.That(CreateSut(keys).ReadLine(Prompt), Is.EqualTo("a[2Jbc"));
    }

    [Test]
    public void ALineLongerThanTheTerminal_ScrollsSideways_SoTheCursorStaysOnScreen()
    {
        var keys = new ScriptedKeys().Text(new string('x', 30) + "END").Key(ConsoleKey.Enter);

        var line = CreateSut(keys, width: 20).ReadLine(Prompt);

        var lastDraw = _output.ToString().Split('\r').Last(d => d.Length > 0 && d != "\n");
        Assert.Multiple(() =>
        {
            Assert.That(line, Is.EqualTo(new string('x', 30) + "END"));
            Assert.That(lastDraw, Does.EndWith("END\u001b[K\n"));
            Assert.That(lastDraw.Length - "\u001b[K\n".Length, Is.LessThan(20));
        });
    }

    [Test]
    public void TheCursor_IsMovedBackOverWhatFollowsIt_CountingWideCharacters()
    {
        var keys = new ScriptedKeys().Text("a漢b").Key(ConsoleKey.LeftArrow).Key(ConsoleKey.LeftArrow).Key(ConsoleKey.Enter);

        CreateSut(keys).ReadLine(Prompt);

        Assert.That(_output.ToString(), Does.Contain("agent42> a漢b\u001b[K\u001b[3D"));
    }
}
