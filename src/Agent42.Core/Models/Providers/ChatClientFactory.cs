using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Agent42.Core.Models.Providers;

/// <summary>
/// Makes Microsoft.Extensions.AI chat clients for a model on an OpenAI-compatible endpoint. The OpenAI client's own
/// retries are off: a failed call is classified by <see cref="ModelErrorHandler"/> and the caller falls back to
/// another model, which retrying the same one would only delay.
/// </summary>
internal sealed class ChatClientFactory(TimeProvider time)
{
    /// <summary>Local servers ignore the key, but the OpenAI client insists on one.</summary>
    private const string NoKey = "no-key";

    // One connection pool for every client this factory makes.
    private readonly SocketsHttpHandler _sockets = new() { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

    public IChatClient Create(ModelEndpoint endpoint, string modelId)
    {
        var http = new HttpClient(new ModelErrorHandler(endpoint.Timeout, time) { InnerHandler = _sockets }, disposeHandler: false)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var options = new OpenAIClientOptions
        {
            Endpoint = endpoint.BaseUrl,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(http),
            NetworkTimeout = endpoint.Timeout + TimeSpan.FromSeconds(5),
        };
        return new OpenAIClient(new ApiKeyCredential(endpoint.ApiKey ?? NoKey), options).GetChatClient(modelId).AsIChatClient();
    }
}
