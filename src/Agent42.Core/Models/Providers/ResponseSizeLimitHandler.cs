namespace Agent42.Core.Models.Providers;

/// <summary>
/// Caps a model's answer at the HTTP layer (<c>MODEL_MAX_RESPONSE_KB</c>): an announced length over the cap is
/// refused before the body is read, and any other body is handed up read through a <see cref="BoundedReadStream"/>,
/// which fails the moment more than the cap has arrived. Either way the call fails as <see cref="ModelFailureKind.Malformed"/>
/// and the run falls back to the next model; nothing over the cap is ever buffered.
/// </summary>
internal sealed class ResponseSizeLimitHandler(int maxKb) : DelegatingHandler
{
    private long MaxBytes => maxKb * 1024L;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (response.Content.Headers.ContentLength is { } length && length > MaxBytes)
        {
            response.Dispose();
            throw TooLarge(request, status, $"announced {length} bytes, more");
        }

        response.Content = new WrappedContent(response.Content, stream => new BoundedReadStream(stream, MaxBytes, () => TooLarge(request, status, "sent more")));
        return response;
    }

    private ModelCallException TooLarge(HttpRequestMessage request, int status, string what) => new(
        ModelFailureKind.Malformed,
        $"{request.RequestUri} {what} than MODEL_MAX_RESPONSE_KB allows ({maxKb} KB); the answer was cut off unread",
        status);
}
