using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Agent42.Core.Models.Providers;

/// <summary>
/// Sits under the OpenAI client and classifies every answer that is not a usable chat completion before the
/// client sees it: HTTP errors, errors reported inside a 200 (OpenRouter does this when generation fails after it
/// started), bodies that are not JSON, hangs past the time-out, and unreachable endpoints. The caller gets one
/// <see cref="ModelCallException"/> with the kind of failure, never a half-parsed completion.
/// </summary>
/// <remarks>
/// A streamed answer (<c>text/event-stream</c> with a success status) is not buffered: it goes up as it arrives
/// through an <see cref="SseWatchStream"/>, which turns an error event, an end without <c>[DONE]</c>, a dropped
/// connection and a stall (<paramref name="streamIdle"/>) into the same exception. The endpoint's time-out then
/// covers the wait for the headers and the first data event. Error statuses are buffered and classified as ever:
/// their bodies are small, and capped underneath. Any other body is read whole and checked as a completion; one that
/// passes reaches a stream reader as no events at all, which the streaming caller fails as malformed.
/// </remarks>
internal sealed class ModelErrorHandler(TimeSpan timeout, TimeProvider time, TimeSpan? streamIdle = null) : DelegatingHandler
{
    private readonly TimeSpan _streamIdle = streamIdle ?? TimeSpan.FromSeconds(30);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sent = time.GetTimestamp();
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        HttpResponseMessage? response = null;
        string body;
        try
        {
            response = await base.SendAsync(request, linked.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode && IsEventStream(response))
            {
                var source = request.RequestUri?.ToString() ?? "the model endpoint";
                var scanner = new SseEventScanner(source, time);
                var firstWait = timeout - time.GetElapsedTime(sent);
                response.Content = new WrappedContent(response.Content, stream => new SseWatchStream(stream, scanner, time, firstWait, _streamIdle, source));
                return response;
            }

            body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
        }
        catch (ModelCallException)
        {
            // Over the size cap: drop the connection rather than drain the rest of the answer.
            response?.Dispose();
            throw;
        }
        catch (OperationCanceledException ex) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ModelCallException(ModelFailureKind.Timeout, $"{request.RequestUri} did not answer within {timeout.TotalSeconds:0} s", inner: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ModelCallException(ModelFailureKind.Unreachable, $"{request.RequestUri} could not be reached: {ex.Message}", inner: ex);
        }

        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw ModelFailureClassifier.Classify(status, body, response.Headers, time.GetUtcNow());
            }
        }

        if (ModelFailureClassifier.HasError(body, out _))
        {
            using (response)
            {
                throw ModelFailureClassifier.Classify(status, body, response.Headers, time.GetUtcNow());
            }
        }

        if (CompletionProblem(body) is { } problem)
        {
            response.Dispose();
            var start = body.Length > 80 ? body[..80] + "..." : body;
            throw new ModelCallException(ModelFailureKind.Malformed, $"{request.RequestUri} answered {problem}: '{start}'", status);
        }

        // The body was read to look inside it; hand the client an equivalent fresh content.
        var replaced = new StringContent(body, Encoding.UTF8);
        replaced.Headers.ContentType = response.Content.Headers.ContentType ?? new MediaTypeHeaderValue("application/json");
        response.Content.Dispose();
        response.Content = replaced;
        return response;
    }

    private static bool IsEventStream(HttpResponseMessage response) =>
        string.Equals(response.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// What makes a 200 body unusable as a chat completion, or null when it is one: it must have a first choice whose
    /// message carries text or tool calls. An empty <c>choices</c> would otherwise end the run with an index error
    /// deep in the client instead of falling back like any other malformed answer.
    /// </summary>
    private static string? CompletionProblem(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
            {
                return "something that is not a chat completion";
            }

            if (choices.GetArrayLength() == 0)
            {
                return "a chat completion with no choices";
            }

            if (choices[0].ValueKind != JsonValueKind.Object || !choices[0].TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
            {
                return "a chat completion whose choice has no message";
            }

            var hasText = message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String;
            var hasCalls = message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0;
            return hasText || hasCalls ? null : "a chat completion whose message has neither content nor tool calls";
        }
        catch (JsonException)
        {
            return "something that is not a chat completion";
        }
    }
}
