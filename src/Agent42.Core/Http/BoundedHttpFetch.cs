using System.Net.Http.Headers;

namespace Agent42.Core.Http;

/// <summary>
/// One GET with a time-out and a size cap, for the downloads Agent42 makes on its own (the model catalog, the
/// research sources). Every failure becomes an <see cref="HttpFetchException"/> whose message names the URL and,
/// for a time-out, the setting to raise; the caller's own cancellation passes through untouched.
/// </summary>
/// <param name="http">A client without its own time-out: the time-out here runs on <paramref name="time"/>.</param>
/// <param name="time">The clock the time-out runs on.</param>
/// <param name="timeoutSeconds">How long the whole fetch, body included, may take.</param>
/// <param name="timeoutSetting">The setting behind <paramref name="timeoutSeconds"/>, named in the time-out message.</param>
/// <param name="maxBytes">The largest body read; a larger one is refused, announced or not.</param>
/// <param name="tooLarge">Ends the size message: "sent N bytes, more than {tooLarge}".</param>
internal sealed class BoundedHttpFetch(
    HttpClient http,
    TimeProvider time,
    int timeoutSeconds,
    string timeoutSetting,
    int maxBytes,
    string tooLarge)
{
    // What is read before the body's length is known (chunked); the buffer doubles from here up to the cap.
    private const int UnannouncedStartBytes = 64 * 1024;

    /// <summary>The body as bytes.</summary>
    public async Task<ReadOnlyMemory<byte>> GetBytesAsync(
        Uri uri, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken) =>
        (await FetchAsync(uri, headers, cancellationToken).ConfigureAwait(false)).Body;

    /// <summary>The body as text, decoded as <see cref="HttpContent.ReadAsStringAsync()"/> does (charset, BOM, UTF-8).</summary>
    public async Task<string> GetStringAsync(
        Uri uri, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        var (body, contentType) = await FetchAsync(uri, headers, cancellationToken).ConfigureAwait(false);

        // The same decoding as reading the response as a string, for which only the content type matters.
        using var buffered = new ReadOnlyMemoryContent(body);
        buffered.Headers.ContentType = contentType;
        return await buffered.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<(ReadOnlyMemory<byte> Body, MediaTypeHeaderValue? ContentType)> FetchAsync(
        Uri uri, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpFetchException($"{uri} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw new HttpFetchException($"{uri} sent {response.Content.Headers.ContentLength} bytes, more than {tooLarge}");
            }

            var body = await ReadCappedAsync(uri, response.Content, linked.Token).ConfigureAwait(false);
            return (body, response.Content.Headers.ContentType);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new HttpFetchException($"{uri} did not answer within {timeoutSeconds} s ({timeoutSetting})") { Unreachable = true };
        }
        catch (HttpRequestException ex)
        {
            throw new HttpFetchException($"{uri} could not be reached: {ex.Message}") { Unreachable = NetworkFailure.IsUnreachable(ex) };
        }
        catch (IOException ex)
        {
            // A connection dropped mid-body surfaces from the stream as an IOException, not an HttpRequestException.
            throw new HttpFetchException($"{uri} could not be reached: {ex.Message}");
        }
    }

    /// <summary>Reads the body up to the cap, so a body without a Content-Length (chunked) is bounded too.</summary>
    private async Task<ReadOnlyMemory<byte>> ReadCappedAsync(Uri uri, HttpContent content, CancellationToken cancellationToken)
    {
        // One byte past an announced length lets the final read see the end without growing the buffer.
        var announced = content.Headers.ContentLength;
        var buffer = new byte[announced is { } length ? (int)length + 1 : Math.Min(UnannouncedStartBytes, maxBytes + 1)];
        var read = 0;
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            while (true)
            {
                if (read == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, maxBytes + 1L));
                }

                var count = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (count == 0)
                {
                    return buffer.AsMemory(0, read);
                }

                read += count;
                if (read > maxBytes)
                {
                    throw new HttpFetchException($"{uri} sent over {maxBytes} bytes, more than {tooLarge}");
                }
            }
        }
    }
}
