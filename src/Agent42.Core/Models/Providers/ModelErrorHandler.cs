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
internal sealed class ModelErrorHandler(TimeSpan timeout, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        HttpResponseMessage response;
        string body;
        try
        {
            response = await base.SendAsync(request, linked.Token).ConfigureAwait(false);
            body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
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

        if (!IsChatCompletion(body))
        {
            response.Dispose();
            var start = body.Length > 80 ? body[..80] + "..." : body;
            throw new ModelCallException(ModelFailureKind.Malformed, $"{request.RequestUri} answered something that is not a chat completion: '{start}'", status);
        }

        // The body was read to look inside it; hand the client an equivalent fresh content.
        var replaced = new StringContent(body, Encoding.UTF8);
        replaced.Headers.ContentType = response.Content.Headers.ContentType ?? new MediaTypeHeaderValue("application/json");
        response.Content.Dispose();
        response.Content = replaced;
        return response;
    }

    private static bool IsChatCompletion(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
