using Agent42.Core.Agent.Approval;

namespace Agent42.Cli;

/// <summary>
/// Asks at the terminal: shows what the call would do, then reads y (yes), n (no) or a (always for this tool, for
/// the rest of the session). An empty line, or the end of input, is no.
/// </summary>
/// <param name="ask">Shows the question and reads the answer line: in the shell at a terminal, through the line editor,
/// so a background event (a tool file reloaded, a log line) goes above the question instead of into the middle of it.</param>
/// <param name="write">Writes the call's preview and the prompt's other lines.</param>
internal sealed class ConsoleApprovalPrompt(Func<string, CancellationToken, Task<string?>> ask, Action<string> write) : IApprovalPrompt
{
    /// <summary>Writes the question, then reads the answer from <paramref name="input"/>: where no line editor owns the terminal.</summary>
    public ConsoleApprovalPrompt(TextReader input, Action<string> write)
        : this(async (question, cancellationToken) =>
        {
            write(question);
            return await input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }, write)
    {
    }

    public async Task<ApprovalAnswer> AskAsync(ToolCallProposal call, string preview, CancellationToken cancellationToken)
    {
        write($"\n{call.Tool} wants to run:\n{preview}\n");
        while (true)
        {
            var line = await ask($"Allow {call.Tool}? [y]es / [n]o / [a]lways for {call.Tool} this session: ", cancellationToken).ConfigureAwait(false);
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
