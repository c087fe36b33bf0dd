using Agent42.Core.Agent.Conversation;
using Agent42.Sdk;

namespace Agent42.Core.Agent;

/// <summary>
/// How much of a model's context window a task needs, so routing can skip models too small for it: the prompt as
/// first sent (system prompt, task, tool declarations) at about four characters a token, plus room for tool results,
/// critic feedback and the answer over the run. An estimate, deliberately on the generous side: a model skipped for
/// being a little too small costs less than a run that fails half-way with a context overflow.
/// </summary>
internal static class ContextNeed
{
    /// <summary>Tokens kept free for what the run adds to the conversation.</summary>
    public const int Headroom = 8192;

    private const int CharsPerToken = 4;

    /// <summary>
    /// The need of a task that continues a conversation: its history counts as sent within
    /// <see cref="ConversationBudget.Floor"/>, the least any model is sent (a larger window gets more, from its own room).
    /// </summary>
    public static int Estimate(TaskType type, string task, IReadOnlyList<ToolInfo> tools, IReadOnlyList<ConversationTurn> history) =>
        (int)Math.Min(int.MaxValue, (long)Estimate(type, task, tools) + ConversationWindow.Fit(history, ConversationBudget.Floor).Tokens);

    public static int Estimate(TaskType type, string task, IReadOnlyList<ToolInfo> tools)
    {
        long chars = Prompts.Primary(type, tools.Count > 0).Length + task.Length;
        foreach (var tool in tools)
        {
            chars += tool.Name.Length + tool.Description.Length + tool.Parameters.GetRawText().Length;
        }

        return (int)Math.Min(int.MaxValue, (chars / CharsPerToken) + Headroom);
    }
}
