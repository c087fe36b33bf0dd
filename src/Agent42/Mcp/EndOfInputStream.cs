using Agent42.Core.Storage;

namespace Agent42.Mcp;

/// <summary>
/// The client's end of stdio, telling when it closes: the SDK finishes the calls in flight before it stops, so
/// without this a call that hangs would keep the server alive after its client left, until the tool's time-out.
/// </summary>
internal sealed class EndOfInputStream(Stream inner, Action ended) : ObservedReadStream(inner)
{
    protected override int Observe(int read)
    {
        if (read == 0)
        {
            ended();
        }

        return read;
    }
}
