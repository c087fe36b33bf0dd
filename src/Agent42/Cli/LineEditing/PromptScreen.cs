namespace Agent42.Cli.LineEditing;

/// <summary>
/// The shell's terminal when a person types at it: reads each line with a small editor that owns the prompt line, so
/// text that arrives meanwhile (plugin events, MCP failures, log warnings) clears the prompt, prints above it, and the
/// prompt is drawn again with what was typed so far. Everything the shell and its log write goes through here.
/// </summary>
/// <remarks>
/// A small editor on <see cref="Console.ReadKey(bool)"/> rather than a library: RadLine, the only maintained one on the
/// package list, is a preview, and neither it nor ReadLine's forks let other threads write above the line being read.
/// A line longer than the terminal scrolls sideways rather than wrapping, so one carriage return always reaches its start.
/// </remarks>
internal sealed class PromptScreen
{
    private const string ClearLine = "\r\u001b[K";

    private readonly Lock _gate = new();
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly bool _errorOnScreen;
    private readonly IKeySource _keys;
    private readonly Func<int> _width;
    private readonly List<string> _history = [];
    private LineBuffer? _line;
    private string _prompt = string.Empty;

    /// <param name="output">The terminal (stdout).</param>
    /// <param name="error">Stderr.</param>
    /// <param name="errorOnScreen">Whether stderr is the same terminal, so the prompt must make way for it too.</param>
    /// <param name="keys">Where keys come from.</param>
    /// <param name="width">The terminal's width in columns now (it may be resized).</param>
    public PromptScreen(TextWriter output, TextWriter error, bool errorOnScreen, IKeySource keys, Func<int> width)
    {
        _output = output;
        _error = error;
        _errorOnScreen = errorOnScreen;
        _keys = keys;
        _width = width;
        Error = new AbovePromptWriter(this);
    }

    /// <summary>Stderr for the log: lines written while a line is read go above the prompt.</summary>
    public TextWriter Error { get; }

    /// <summary>The editor for the shell when stdin and stdout are this process's terminal (and not a dumb one); null otherwise.</summary>
    public static PromptScreen? ForShell(CliConsole console)
    {
        if (!ReferenceEquals(console.In, Console.In) || Console.IsInputRedirected || !Rendering.AnswerRendering.IsTerminal(console)
            || string.Equals(console.Environment.GetValueOrDefault("TERM"), "dumb", StringComparison.Ordinal))
        {
            return null;
        }

        return new PromptScreen(console.Out, console.Error, ReferenceEquals(console.Error, Console.Error) && !Console.IsErrorRedirected,
            new ConsoleKeySource(), TerminalWidth);
    }

    /// <summary>Writes shell output; while a line is read, above the prompt, which is then drawn again.</summary>
    public void Write(string text) => WriteTo(_output, text, onScreen: true);

    internal void WriteError(string text) => WriteTo(_error, text, _errorOnScreen);

    /// <summary>Reads one line on a thread of its own (key reads block); null at the end of input (Ctrl-D on an empty line).</summary>
    /// <param name="remember">Whether the line joins the history Up recalls: tasks do, answers to a question do not.</param>
    public Task<string?> ReadLineAsync(string prompt, CancellationToken cancellationToken, bool remember = true) =>
        Task.Factory.StartNew(() => ReadLine(prompt, remember), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            .WaitAsync(cancellationToken);

    public string? ReadLine(string prompt, bool remember = true)
    {
        var line = new LineBuffer();
        lock (_gate)
        {
            _line = line;
            _prompt = prompt;
            Draw();
        }

        var recalled = _history.Count;
        var draft = string.Empty;
        while (true)
        {
            var read = _keys.ReadKey();
            lock (_gate)
            {
                if (read is not { } key)
                {
                    _line = null;
                    return null;
                }

                var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
                if (key.KeyChar == '\u0004' || (control && key.Key == ConsoleKey.D))
                {
                    if (line.Length == 0)
                    {
                        _line = null;
                        return null;
                    }

                    line.Delete();
                    Draw();
                    continue;
                }

                if (key.KeyChar == '\u0003' || (control && key.Key == ConsoleKey.C))
                {
                    line.Set(string.Empty);
                    recalled = _history.Count;
                    Draw();
                    continue;
                }

                switch (key.Key)
                {
                    case ConsoleKey.Enter:
                        _output.Write('\n');
                        _output.Flush();
                        _line = null;
                        if (remember)
                        {
                            Remember(line.Text);
                        }

                        return line.Text;
                    case ConsoleKey.Backspace:
                        line.Backspace();
                        break;
                    case ConsoleKey.Delete:
                        line.Delete();
                        break;
                    case ConsoleKey.LeftArrow:
                        line.Left();
                        break;
                    case ConsoleKey.RightArrow:
                        line.Right();
                        break;
                    case ConsoleKey.Home:
                    case ConsoleKey.A when control:
                        line.Home();
                        break;
                    case ConsoleKey.End:
                    case ConsoleKey.E when control:
                        line.End();
                        break;
                    case ConsoleKey.UpArrow when recalled > 0:
                        if (recalled == _history.Count)
                        {
                            draft = line.Text;
                        }

                        line.Set(_history[--recalled]);
                        break;
                    case ConsoleKey.DownArrow when recalled < _history.Count:
                        recalled++;
                        line.Set(recalled == _history.Count ? draft : _history[recalled]);
                        break;
                    default:
                        Type(line, key.KeyChar);
                        break;
                }

                Draw();
            }
        }
    }

    private static void Type(LineBuffer line, char c)
    {
        if (c == '\t')
        {
            line.Insert(' ');
        }
        else if (c != '\0' && !char.IsControl(c) && !Rendering.TerminalText.IsUnsafe(c))
        {
            line.Insert(c);
        }
    }

    private void Remember(string text)
    {
        if (text.Trim().Length > 0 && (_history.Count == 0 || _history[^1] != text))
        {
            _history.Add(text);
        }
    }

    private void WriteTo(TextWriter writer, string text, bool onScreen)
    {
        if (text.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_line is null || !onScreen)
            {
                writer.Write(text);
                writer.Flush();
                return;
            }

            _output.Write(ClearLine);
            _output.Flush();
            writer.Write(text.EndsWith('\n') ? text : text + "\n");
            writer.Flush();
            Draw();
        }
    }

    /// <summary>The prompt and the visible part of the line, then the cursor moved back over what follows it.</summary>
    private void Draw()
    {
        var line = _line!;
        var text = line.Text;
        var width = _width();
        var room = Math.Max(8, (width > 0 ? width : 80) - _prompt.Length - 1);
        var start = line.Cursor <= room ? 0 : line.Cursor - room;
        var end = Math.Min(text.Length, start + room);
        var back = line.Cursor < end ? TerminalColumns.Of(text[line.Cursor..end]) : 0;
        _output.Write($"\r{_prompt}{text[start..end]}\u001b[K{(back > 0 ? $"\u001b[{back}D" : string.Empty)}");
        _output.Flush();
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
