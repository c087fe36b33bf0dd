using Agent42.Core.Models.Providers;
using Microsoft.Extensions.AI;

namespace Agent42.Bench.Simulation;

/// <summary>
/// A model endpoint as the real <c>ModelFailover</c> calls it: answers at once, or, while the world rate-limits the
/// model, fails as OpenRouter's 429 is classified (with the world's Retry-After), so cooldowns and failover run as they do.
/// </summary>
internal sealed class SimulatedModelClient(bool rateLimited, TimeSpan? retryAfter) : IChatClient
{
    private static readonly ChatResponse Answer = new(new ChatMessage(ChatRole.Assistant, "answer"));

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        rateLimited
            ? Task.FromException<ChatResponse>(new ModelCallException(ModelFailureKind.ModelRateLimit, "rate-limited upstream", 429, retryAfter))
            : Task.FromResult(Answer);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
