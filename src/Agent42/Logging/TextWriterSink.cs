using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Agent42.Logging;

/// <summary>Writes log events to a text writer (stderr in the real program, a buffer in tests).</summary>
internal sealed class TextWriterSink(TextWriter writer, ITextFormatter formatter) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            formatter.Format(logEvent, writer);
            writer.Flush();
        }
    }
}
