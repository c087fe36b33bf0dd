namespace Agent42.Core.Agent.Conversation;

/// <summary>
/// How many tokens of a conversation's earlier turns a task may send: a quarter of the primary model's context
/// window, at least <see cref="Floor"/> and at most <see cref="Cap"/>, and never more than the window leaves after the
/// task's own prompt (system prompt, task, tools and <see cref="ContextNeed.Headroom"/>). The smallest window among
/// the primary's candidates counts, so a fallback mid-run still fits. Routing asks every model for the history cut to
/// <see cref="Floor"/> (see <see cref="ContextNeed"/>), so whichever model is chosen can take at least that much.
/// </summary>
internal static class ConversationBudget
{
    /// <summary>The budget for a model of unknown context, and the least routing makes room for.</summary>
    public const int Floor = 4_000;

    /// <summary>More history than this rarely helps the next task, and every token of it is paid on every request.</summary>
    public const int Cap = 32_000;

    /// <summary>The history's share of the context window: one part in this many.</summary>
    public const int ShareDivisor = 4;

    /// <param name="contextLength">The smallest context window among the primary candidates, in tokens; null when none is known.</param>
    /// <param name="promptNeed">What the task needs besides its history (<see cref="ContextNeed.Estimate(Agent42.Sdk.TaskType, string, IReadOnlyList{Agent42.Sdk.ToolInfo})"/>).</param>
    public static int Tokens(int? contextLength, int promptNeed)
    {
        if (contextLength is not { } context)
        {
            return Floor;
        }

        var share = Math.Clamp(context / ShareDivisor, Floor, Cap);
        return Math.Max(0, Math.Min(share, context - promptNeed));
    }
}
