using System.Diagnostics;
using System.Text.Json;
using Agent42.Core.Agent;
using Agent42.Core.Agent.Approval;
using Agent42.Core.Configuration;
using Agent42.Core.Routing;
using Agent42.Core.Tools;
using Agent42.Sdk;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agent42.Bench;

/// <summary>
/// What the iteration engine adds per iteration outside model and tool time: a model that answers instantly (one
/// tool call, then an answer) and a critic that asks for another iteration, over many iterations.
/// </summary>
internal static class LoopOverhead
{
    public static async Task<int> RunAsync(int iterations)
    {
        var registry = new ToolRegistry([new InstantTool()], new ToolOptions(), TimeProvider.System, NullLogger<ToolRegistry>.Instance);
        var engine = new IterationEngine(registry, new ToolApprover(ApprovalMode.Auto), TimeProvider.System);
        var model = new InstantModel();
        var critic = new InstantCritic();
        ModelFailover Failover(string role, IChatClient client) =>
            new(role, [new ModelCandidate(role, role)], _ => client, NullAgentRunObserver.Instance);

        // Warm up, then measure whole runs of many iterations.
        await engine.RunAsync(new AgentRunRequest("warm", "task", TaskType.Coding), Failover("p", model), Failover("c", critic), 50, NullAgentRunObserver.Instance, CancellationToken.None);
        var started = Stopwatch.GetTimestamp();
        var result = await engine.RunAsync(new AgentRunRequest("t", "task", TaskType.Coding), Failover("p", model), Failover("c", critic), iterations, NullAgentRunObserver.Instance, CancellationToken.None);
        var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var figures = new
        {
            loop_overhead = new
            {
                iterations = result.Iterations,
                tool_calls = result.ToolCalls,
                per_iteration_ms = Math.Round(total / result.Iterations, 3),
                note = "each iteration: 2 primary calls (one tool call, one answer), 1 tool call, 1 critic call; model and tool answer instantly",
                target = "under 1 ms per iteration",
            },
        };
        Console.WriteLine(JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    private sealed class InstantTool : Tool
    {
        private static readonly JsonElement Schema = JsonDocument.Parse("""{"type":"object","properties":{"path":{"type":"string"}}}""").RootElement;

        public override string Name => "read_file";

        public override string Description => "Instant.";

        public override JsonElement Parameters => Schema;

        public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) => Task.FromResult(ToolResult.Ok("content"));
    }

    private sealed class InstantModel : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var last = messages.Last();
            var message = last.Role == ChatRole.Tool
                ? new ChatMessage(ChatRole.Assistant, "answer")
                : new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "read_file", new Dictionary<string, object?> { ["path"] = "a" })]);
            return Task.FromResult(new ChatResponse(message) { Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 2 } });
        }

        // The engine streams the primary: the same answer, as the updates a stream of it would bring.
        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var update in (await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false)).ToChatResponseUpdates())
            {
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class InstantCritic : IChatClient
    {
        private int _n;

        // A different critique each time, so the run neither converges nor is approved.
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, $"improve point {Interlocked.Increment(ref _n)} of {Guid.NewGuid():N}\nSCORE: 0.5")));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
