using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Agent42.Core.Models.Providers;

/// <summary>
/// Reads a chat completion's event stream as its bytes pass, however they are split: lines end in LF, CRLF or CR
/// (a CRLF split between reads is one end), comment lines (<c>: OPENROUTER PROCESSING</c>) are keep-alives, and the
/// <c>data:</c> lines of an event are checked when the event ends: <c>[DONE]</c> ends the answer, an <c>error</c>
/// object or a choice finished with <c>"error"</c> is the provider's failure (classified like an error body), and
/// anything that is not a JSON object is malformed. The client only parses an event at its end, so a problem found
/// there is raised before the client sees the event.
/// </summary>
internal sealed class SseEventScanner(string source, TimeProvider time)
{
    /// <summary>Buffers past this are dropped after use rather than kept for the next event.</summary>
    private const int KeepCapacity = 64 * 1024;

    private static readonly byte[] Done = "[DONE]"u8.ToArray();

    private ArrayBufferWriter<byte> _line = new();
    private ArrayBufferWriter<byte> _data = new();
    private bool _afterCr;
    private bool _hasData;

    /// <summary>Whether <c>data: [DONE]</c> has arrived: the answer is complete, and whatever follows is ignored.</summary>
    public bool IsDone { get; private set; }

    /// <summary>Complete <c>data:</c> lines seen so far (keep-alive comments are not counted).</summary>
    public long DataLines { get; private set; }

    /// <summary>Reads the next bytes; returns the first failure they complete, or null.</summary>
    public ModelCallException? Scan(ReadOnlySpan<byte> bytes) => Scan(bytes, out _);

    /// <summary>
    /// Reads the next bytes; returns the first failure they complete, or null. <paramref name="safe"/> is how many of
    /// them the client may still see: all without a failure, else those before the line end that completed the
    /// failed event, so the events before it are read and the failed one never is.
    /// </summary>
    public ModelCallException? Scan(ReadOnlySpan<byte> bytes, out int safe)
    {
        var total = bytes.Length;
        safe = total;
        while (!bytes.IsEmpty && !IsDone)
        {
            if (_afterCr && bytes[0] == (byte)'\n')
            {
                // The LF of a CRLF whose CR ended the line in the previous read (or just before).
                bytes = bytes[1..];
                _afterCr = false;
                continue;
            }

            _afterCr = false;
            var end = bytes.IndexOfAny((byte)'\n', (byte)'\r');
            if (end < 0)
            {
                _line.Write(bytes);
                return null;
            }

            _line.Write(bytes[..end]);
            _afterCr = bytes[end] == (byte)'\r';
            var at = total - bytes.Length + end;
            bytes = bytes[(end + 1)..];
            if (EndLine() is { } failure)
            {
                safe = at;
                return failure;
            }
        }

        return null;
    }

    /// <summary>The body ended: a last event without its blank line still counts; an answer without <c>[DONE]</c> broke off.</summary>
    public ModelCallException? End()
    {
        if (!IsDone && _line.WrittenCount > 0 && EndLine() is { } failure)
        {
            return failure;
        }

        if (!IsDone && EndEvent() is { } last)
        {
            return last;
        }

        return IsDone
            ? null
            : new ModelCallException(ModelFailureKind.ServerError, DataLines == 0
                ? $"{source} ended its event stream without sending any data"
                : $"{source} ended its event stream mid-answer, without [DONE]");
    }

    private ModelCallException? EndLine()
    {
        var line = _line.WrittenSpan;
        ModelCallException? failure = null;
        if (line.IsEmpty)
        {
            failure = EndEvent();
        }
        else if (line[0] != (byte)':')
        {
            var colon = line.IndexOf((byte)':');
            var field = colon < 0 ? line : line[..colon];
            if (field.SequenceEqual("data"u8))
            {
                var value = colon < 0 ? [] : line[(colon + 1)..];
                if (!value.IsEmpty && value[0] == (byte)' ')
                {
                    value = value[1..];
                }

                if (_hasData)
                {
                    _data.Write("\n"u8);
                }

                _data.Write(value);
                _hasData = true;
                DataLines++;
            }

            // Other fields (event, id, retry) and lines without a field name carry nothing the client uses.
        }

        Reset(ref _line);
        return failure;
    }

    private ModelCallException? EndEvent()
    {
        if (!_hasData)
        {
            return null;
        }

        var failure = Check(_data.WrittenMemory);
        _hasData = false;
        Reset(ref _data);
        return failure;
    }

    private ModelCallException? Check(ReadOnlyMemory<byte> data)
    {
        if (data.Span.SequenceEqual(Done))
        {
            IsDone = true;
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Malformed(data);
            }

            var failed = root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object;
            if (!failed && root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
            {
                foreach (var choice in choices.EnumerateArray())
                {
                    failed |= choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("finish_reason", out var reason)
                        && reason.ValueKind == JsonValueKind.String && reason.ValueEquals("error"u8);
                }
            }

            if (failed)
            {
                var failure = ModelFailureClassifier.Classify(200, Encoding.UTF8.GetString(data.Span), null, time.GetUtcNow());
                return new ModelCallException(failure.Kind, $"{source} reported an error mid-stream: {failure.Message}", failure.StatusCode,
                    failure.RetryAfter, failure.ResetAt, failure.ProviderName);
            }

            return null;
        }
        catch (JsonException)
        {
            return Malformed(data);
        }
    }

    private ModelCallException Malformed(ReadOnlyMemory<byte> data)
    {
        var start = Encoding.UTF8.GetString(data.Span[..Math.Min(data.Length, 80)]);
        return new ModelCallException(ModelFailureKind.Malformed,
            $"{source} sent a stream event that is not a JSON object: '{start}{(data.Length > 80 ? "..." : string.Empty)}'", 200);
    }

    private static void Reset(ref ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity > KeepCapacity)
        {
            buffer = new ArrayBufferWriter<byte>();
        }
        else
        {
            buffer.ResetWrittenCount();
        }
    }
}
