using Agent42.Core.Agent.Conversation;
using Agent42.Core.Routing;
using Agent42.Sdk;

namespace Agent42.Core.Agent;

/// <summary>A task to run, with the routing layer that chose its primary model (recorded with the outcome).</summary>
internal sealed record AgentRunRequest(string TaskId, string Task, TaskType Type, RoutingLayer Layer = RoutingLayer.Default, bool IsTrial = false)
{
    /// <summary>The earlier tasks and answers of the conversation this task belongs to, oldest first; empty for a task on its own.</summary>
    public IReadOnlyList<ConversationTurn> History { get; init; } = [];

    /// <summary>How many tokens of <see cref="History"/> may be sent (<see cref="ConversationBudget"/>); what does not fit is trimmed by <see cref="ConversationWindow"/>.</summary>
    public int HistoryTokens { get; init; } = ConversationBudget.Floor;
}
