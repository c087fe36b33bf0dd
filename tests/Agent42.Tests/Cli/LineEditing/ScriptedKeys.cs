using Agent42.Cli.LineEditing;

namespace Agent42.Tests.Cli.LineEditing;

/// <summary>Keys a test scripts; an action in the script runs when the editor asks for the next key, as a background event would.</summary>
internal sealed class ScriptedKeys : IKeySource
{
    private readonly Queue<Func<ConsoleKeyInfo?>> _script = new();

    public ScriptedKeys Text(string text)
    {
        foreach (var c in text)
        {
            _script.Enqueue(() => new ConsoleKeyInfo(c, ConsoleKey.NoName, false, false, false));
        }

        return this;
    }

    public ScriptedKeys Key(ConsoleKey key, bool control = false, char c = '\0')
    {
        _script.Enqueue(() => new ConsoleKeyInfo(c, key, false, false, control));
        return this;
    }

    public ScriptedKeys Then(Action action)
    {
        _script.Enqueue(() =>
        {
            action();
            return _script.Count > 0 ? _script.Dequeue()() : null;
        });
        return this;
    }

    public ConsoleKeyInfo? ReadKey() => _script.Count > 0 ? _script.Dequeue()() : null;
}
