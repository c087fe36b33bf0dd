using Agent42.Core.Agent.Approval;

namespace Agent42.Cli;

/// <summary>
/// Asks at the terminal: shows what the call would do, then reads y (yes), n (no) or a (always for this tool, for
/// the rest of the session). An empty line, or the end of input, is no.
/// </summary>
internal sealed class ConsoleApprovalPrompt(TextReader input, Action<string> write) : IApprovalPrompt
{
    public async Task<ApprovalAnswer> AskAsync(ToolCallProposal call, string preview, CancellationToken cancellationToken)
    {
        write($"\n{call.Tool} wants to run:\n{preview}\n");
        while (true)
        {
            write($"Allow {call.Tool}? [y]es / [n]o / [a]lways for {call.Tool} this session: ");
            var line = await input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            switch (line?.Trim().ToUpperInvariant())
            {
                case null:
                    write("\n");
                    return ApprovalAnswer.No;
                case "Y" or "YES":
                    return ApprovalAnswer.Yes;
                case "N" or "NO" or "":
                    return ApprovalAnswer.No;
                case "A" or "ALWAYS":
                    return ApprovalAnswer.Always;
                default:
                    write("please answer y, n or a\n");
                    break;
            }
        }
    }
}
