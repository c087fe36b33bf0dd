using System.Text;

namespace Agent42.Cli.LineEditing;

/// <summary>The line being typed and where the cursor is in it; a surrogate pair is one character to move over or delete.</summary>
internal sealed class LineBuffer
{
    private readonly StringBuilder _text = new();

    public int Cursor { get; private set; }

    public int Length => _text.Length;

    public string Text => _text.ToString();

    public void Insert(char c)
    {
        _text.Insert(Cursor, c);
        Cursor++;
    }

    public void Backspace()
    {
        if (Cursor == 0)
        {
            return;
        }

        var width = Cursor >= 2 && char.IsSurrogatePair(_text[Cursor - 2], _text[Cursor - 1]) ? 2 : 1;
        _text.Remove(Cursor - width, width);
        Cursor -= width;
    }

    public void Delete()
    {
        if (Cursor == _text.Length)
        {
            return;
        }

        _text.Remove(Cursor, Cursor + 1 < _text.Length && char.IsSurrogatePair(_text[Cursor], _text[Cursor + 1]) ? 2 : 1);
    }

    public void Left() => Cursor -= Cursor == 0 ? 0 : Cursor >= 2 && char.IsSurrogatePair(_text[Cursor - 2], _text[Cursor - 1]) ? 2 : 1;

    public void Right() => Cursor += Cursor == _text.Length ? 0 : Cursor + 1 < _text.Length && char.IsSurrogatePair(_text[Cursor], _text[Cursor + 1]) ? 2 : 1;

    public void Home() => Cursor = 0;

    public void End() => Cursor = _text.Length;

    /// <summary>Replaces the line (a history entry), the cursor at its end.</summary>
    public void Set(string text)
    {
        _text.Clear().Append(text);
        Cursor = _text.Length;
    }
}
