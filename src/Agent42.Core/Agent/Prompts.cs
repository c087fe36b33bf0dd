using Agent42.Core.Outcomes;
using Agent42.Sdk;

namespace Agent42.Core.Agent;

/// <summary>The prompts of the iteration engine, in one place.</summary>
internal static class Prompts
{
    public static string Primary(TaskType type, bool hasTools) =>
        $"You are Agent42, an AI agent working from a terminal in the user's workspace. The task is of type {TaskTypeNames.WireName(type)}. " +
        (hasTools ? "Use the tools to inspect or change files, run commands or fetch pages when the task needs it. " : string.Empty) +
        "When you are done, reply with the final result only, complete and ready to use.";

    public static string Critic(TaskType type) =>
        $"You review an AI agent's answer to a {TaskTypeNames.WireName(type)} task. " +
        "If the answer fully and correctly does the task, reply with APPROVED on the first line. " +
        "Otherwise reply with specific, actionable feedback on what is wrong or missing. " +
        "End your reply with a line 'SCORE: <a number from 0 to 1>' rating the answer's quality.";

    public static string Review(string task, string answer) => $"Task:\n{task}\n\nAnswer:\n{answer}";

    /// <summary>The review of a task that continues a conversation: <paramref name="conversation"/> (a short form of it) first.</summary>
    public static string Review(string task, string answer, string conversation) => conversation + Review(task, answer);

    public static string Revise(string feedback) =>
        $"A reviewer said this about your answer:\n{feedback}\n\nImprove the answer accordingly and reply with the complete new answer.";
}
