namespace Agent42.Core.Mcp;

/// <summary>The last few lines a server wrote on stderr during one attempt, each cut short, for the failure's reason.</summary>
internal sealed class McpStderrTail
{
    private const int Lines = 3;
    private const int LineChars = 200;
    private readonly Lock _gate = new();
    private readonly Queue<string> _lines = new();

    public void Add(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Enqueue(trimmed.Length > LineChars ? trimmed[..LineChars] + "..." : trimmed);
            while (_lines.Count > Lines)
            {
                _lines.Dequeue();
            }
        }
    }

    public string AppendTo(string reason)
    {
        lock (_gate)
        {
            return _lines.Count == 0 ? reason : $"{reason}; its stderr ended: {string.Join(" | ", _lines)}";
        }
    }
}
