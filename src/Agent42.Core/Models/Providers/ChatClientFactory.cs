using System.ClientModel;
using System.ClientModel.Primitives;
using Agent42.Core.Models.Quota;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;

namespace Agent42.Core.Models.Providers;

/// <summary>
/// Makes Microsoft.Extensions.AI chat clients for a model on an OpenAI-compatible endpoint. The OpenAI client's own
/// retries are off: a failed call is classified by <see cref="ModelErrorHandler"/> and the caller falls back to
/// another model, which retrying the same one would only delay.
/// </summary>
/// <remarks>
/// Under the error handler, <see cref="ResponseSizeLimitHandler"/> caps every answer at <c>MODEL_MAX_RESPONSE_KB</c>
/// while it is read, for buffered and streamed answers alike. Over it, for OpenRouter's free models,
/// <see cref="FreeRequestCountingHandler"/> counts each request as it is sent.
/// </remarks>
internal sealed class ChatClientFactory(TimeProvider time, ModelCallOptions? options = null, FreeRequestCounter? freeRequests = null, ILogger? logger = null)
{
    /// <summary>Local servers ignore the key, but the OpenAI client insists on one.</summary>
    private const string NoKey = "no-key";

    // One connection pool for every client this factory makes.
    private readonly SocketsHttpHandler _sockets = new() { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
    private readonly ModelCallOptions _options = options ?? new ModelCallOptions();

    /// <param name="freeTier">Whether the model is one of OpenRouter's free models, whose requests count toward the free daily limit.</param>
    public IChatClient Create(ModelEndpoint endpoint, string modelId, bool freeTier = false)
    {
        var idle = TimeSpan.FromSeconds(_options.StreamIdleSeconds);
        var limit = new ResponseSizeLimitHandler(_options.MaxResponseKb) { InnerHandler = _sockets };
        HttpMessageHandler handler = new ModelErrorHandler(endpoint.Timeout, time, idle) { InnerHandler = limit };
        if (freeTier && freeRequests is not null)
        {
            handler = new FreeRequestCountingHandler(freeRequests, logger ?? NullLogger.Instance) { InnerHandler = handler };
        }

        var http = new HttpClient(handler, disposeHandler: false)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint.BaseUrl,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(http),
            // Past both limits of ours, so the client's own per-read time-out never fires before the classified one does.
            NetworkTimeout = (endpoint.Timeout > idle ? endpoint.Timeout : idle) + TimeSpan.FromSeconds(5),
        };
        return new OpenAIClient(new ApiKeyCredential(endpoint.ApiKey ?? NoKey), clientOptions).GetChatClient(modelId).AsIChatClient();
    }
}
