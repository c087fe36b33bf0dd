using Microsoft.Extensions.AI;

namespace Agent42.Core.Agent;

/// <summary>What the transcript keeps of a message whose tool calls were cut, and the note that says so.</summary>
internal static class ToolCallCut
{
    /// <summary>
    /// The model's messages with only the calls that ran: every call left in the transcript must have its result, and
    /// sending the cut ones back would resend what the cap is there to stop.
    /// </summary>
    public static IEnumerable<ChatMessage> Keep(IEnumerable<ChatMessage> messages, IReadOnlyCollection<FunctionCallContent> run) =>
        messages.Select(m => new ChatMessage(
            m.Role, m.Contents.Where(c => c is not FunctionCallContent call || run.Contains(call)).ToList())
        {
            AuthorName = m.AuthorName,
            MessageId = m.MessageId,
        });

    /// <summary>The line shown in the progress output and sent to the model after the results of the calls that ran.</summary>
    public static string Note(int notRun, int asked, ToolCallLimitsOptions limits, bool perMessageHit) => perMessageHit
        ? $"{notRun} tool calls over the limit were not run: {asked} were asked for in one message and at most {limits.PerMessage} run " +
          "(MODEL_MAX_TOOL_CALLS_PER_MESSAGE). Ask again for the ones still needed."
        : $"{notRun} tool calls over the limit were not run: this task may run at most {limits.PerRun} tool calls " +
          "(MODEL_MAX_TOOL_CALLS_PER_RUN), and no more tools are offered. Answer with what you have.";
}
