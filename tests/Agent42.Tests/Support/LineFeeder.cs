using System.Threading.Channels;

namespace Agent42.Tests.Support;

/// <summary>Standard input that a test types into line by line; reading waits until a line is typed.</summary>
internal sealed class LineFeeder : TextReader
{
    private readonly Channel<string?> _lines = Channel.CreateUnbounded<string?>();

    public void Type(string line) => _lines.Writer.TryWrite(line);

    public void EndInput() => _lines.Writer.TryWrite(null);

    public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        await _lines.Reader.ReadAsync(cancellationToken);

    public override string? ReadLine() => ReadLineAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
}
