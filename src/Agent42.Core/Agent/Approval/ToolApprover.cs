using System.Collections.Concurrent;

namespace Agent42.Core.Agent.Approval;

/// <summary>
/// Applies <see cref="ApprovalPolicy"/> for one session (a host's life): asks through the prompt, remembers the
/// tools the user said always to, and turns every refusal into the tool result the model reads.
/// </summary>
/// <param name="mode">The mode in force.</param>
/// <param name="prompt">Who to ask in <c>ask</c> mode; with none, such calls are refused.</param>
/// <param name="preview">What to show when asking; without it, the raw arguments.</param>
internal sealed class ToolApprover(ApprovalMode mode, IApprovalPrompt? prompt = null, CallPreview? preview = null) : IToolApprover
{
    private readonly ConcurrentDictionary<string, bool> _always = new(StringComparer.Ordinal);

    public ApprovalMode Mode => mode;

    public async Task<ApprovalDecision> ApproveAsync(ToolCallProposal call, CancellationToken cancellationToken)
    {
        switch (ApprovalPolicy.Decide(mode, call.IsReadOnly))
        {
            case ApprovalStep.Run:
                return ApprovalDecision.Approve;
            case ApprovalStep.Refuse:
                return ApprovalDecision.Refuse(ApprovalPolicy.RefusedReadOnly(call.Tool));
        }

        if (_always.ContainsKey(call.Tool))
        {
            return ApprovalDecision.Approve;
        }

        if (prompt is null)
        {
            return ApprovalDecision.Refuse(ApprovalPolicy.RefusedNoTerminal(call.Tool));
        }

        // The loop makes one call at a time, and the shell runs one task at a time, so questions never overlap.
        var answer = await prompt.AskAsync(call, preview?.Describe(call) ?? call.Arguments.GetRawText(), cancellationToken).ConfigureAwait(false);
        if (answer == ApprovalAnswer.Always)
        {
            _always[call.Tool] = true;
        }

        return answer == ApprovalAnswer.No ? ApprovalDecision.Refuse(ApprovalPolicy.Declined(call.Tool)) : ApprovalDecision.Approve;
    }
}
