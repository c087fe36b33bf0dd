using System.Text;

namespace Agent42.Cli.Rendering;

/// <summary>
/// Text with nested styles: ending a style resets the terminal and applies the outer styles again, so bold inside a
/// heading ends without ending the heading. Only <see cref="AnsiStyle"/> sequences are written as styles.
/// </summary>
internal sealed class StyledText
{
    private readonly StringBuilder _text = new();
    private readonly List<string> _styles = [];

    public StyledText Append(string text)
    {
        _text.Append(text);
        return this;
    }

    public StyledText Push(string style)
    {
        _styles.Add(style);
        _text.Append(style);
        return this;
    }

    public StyledText Pop()
    {
        _styles.RemoveAt(_styles.Count - 1);
        _text.Append(AnsiStyle.Reset);
        foreach (var style in _styles)
        {
            _text.Append(style);
        }

        return this;
    }

    /// <summary><paramref name="text"/> in <paramref name="style"/>.</summary>
    public StyledText Styled(string style, string text) => Push(style).Append(text).Pop();

    public override string ToString() => _text.ToString();
}
