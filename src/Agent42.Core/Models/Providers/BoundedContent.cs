using System.Net;

namespace Agent42.Core.Models.Providers;

/// <summary>
/// A response body read through a byte budget: whoever reads it (the error handler buffering a completion, or a
/// streamed reader later) gets at most <paramref name="maxBytes"/> and then a <see cref="ModelCallException"/>, so
/// an oversized answer costs the budget in memory, not its own size.
/// </summary>
internal sealed class BoundedContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly long _maxBytes;
    private readonly Func<ModelCallException> _tooLarge;

    public BoundedContent(HttpContent inner, long maxBytes, Func<ModelCallException> tooLarge)
    {
        _inner = inner;
        _maxBytes = maxBytes;
        _tooLarge = tooLarge;
        foreach (var header in inner.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new BoundedReadStream(await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _maxBytes, _tooLarge);

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var source = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
        await source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        // Unknown: an announced length is either within the budget (and the headers carry it) or refused already.
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
