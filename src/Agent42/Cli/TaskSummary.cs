using System.Globalization;
using Agent42.Core.Agent;
using Agent42.Core.Models.Providers;
using Agent42.Core.Models.Quota;
using Agent42.Core.Routing;
using Agent42.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Cli;

/// <summary>
/// The one line after each task: how it ended, the model, iterations, tool calls, tokens, time, and the requests it
/// cost; for OpenRouter's free models also today's count against the free daily limit (Agent42's own count, kept in
/// the data directory, not OpenRouter's; each request was added to it as it was sent, see FreeRequestCountingHandler).
/// </summary>
internal static class TaskSummary
{
    /// <summary>For <c>agent42 run</c>, on stderr: the facts of the old <c>done:</c> line, and the model and requests.</summary>
    public static string ForRun(AgentRunResult result, string requests, bool recorded) =>
        $"done: {(result.Approved ? "approved" : "not approved")} ({result.StopReason}) after {Facts(result, requests)}" +
        (recorded ? "; outcome recorded" : string.Empty);

    /// <summary>For the shell, after the answer.</summary>
    public static string ForShell(AgentRunResult result, string requests) =>
        $"({(result.Approved ? "approved" : "not approved")}, {result.Iterations} iteration(s), {result.ModelKey}, " +
        $"{result.ToolCalls} tool call(s), {Tokens(result)} tokens, {Seconds(result)} s, {requests})";

    /// <summary>
    /// "N requests", counted against today's free quota when the run used OpenRouter's free models; local models cost
    /// no quota. A count that cannot be kept (its file unusable) is said, and the task is not failed for it.
    /// </summary>
    public static string Requests(AgentRunResult result, IServiceProvider services)
    {
        var count = result.ModelRequests;
        var text = count == 1 ? "1 request" : $"{count.ToString(CultureInfo.InvariantCulture)} requests";
        var registry = services.GetRequiredService<RoutingService>().Registry();
        var tiers = new[] { result.ModelKey, result.CriticKey }
            .Select(key => key is null ? null : registry.Resolve(key)?.Tier)
            .Where(tier => tier is not null)
            .ToArray();
        if (!tiers.Contains(RegisteredModel.FreeTier))
        {
            return tiers.Length > 0 && tiers.All(t => t == RegisteredModel.LocalTier) ? $"{text}, local: no quota" : text;
        }

        var counter = services.GetRequiredService<FreeRequestCounter>();
        try
        {
            var today = counter.Count();
            return $"{text}, {today.ToString(CultureInfo.InvariantCulture)} of {counter.DailyLimit.ToString(CultureInfo.InvariantCulture)} free today by Agent42's count";
        }
        catch (Exception ex) when (ex is StateFileException or IOException or UnauthorizedAccessException)
        {
            return $"{text}; today's free count is not kept: {ex.Message}";
        }
    }

    private static string Facts(AgentRunResult result, string requests) =>
        $"{result.Iterations} iteration(s) with {result.ModelKey}, {result.ToolCalls} tool call(s), {Tokens(result)} tokens, {Seconds(result)} s, {requests}";

    private static string Tokens(AgentRunResult result) => (result.PromptTokens + result.CompletionTokens).ToString(CultureInfo.InvariantCulture);

    private static string Seconds(AgentRunResult result) => result.Latency.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
}
