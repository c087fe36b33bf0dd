using Agent42.Core.Agent;
using Agent42.Core.Models.Providers;
using Agent42.Sdk;

namespace Agent42.Cli;

/// <summary>
/// A run's observer for a command that streams the answer: the answer's pieces and restarts go to the
/// <see cref="AnswerPrinter"/> (stdout), every other step to the progress observer (stderr).
/// </summary>
/// <remarks>
/// When stdout and stderr are the same terminal, a progress line that comes while the answer's last line is
/// unfinished (a tool call after some text, a fallback mid-answer) would start in the middle of it: the line is
/// broken on stderr first, and the answer goes on below the progress.
/// </remarks>
internal sealed class AnswerStreamObserver(IAgentRunObserver progress, AnswerPrinter printer, TextWriter? sharedTerminal) : IAgentRunObserver
{
    private readonly Lock _gate = new();
    private bool _midLine;

    /// <summary>The terminal stdout and stderr share, or null when either goes elsewhere (piped, redirected, or a test's writer).</summary>
    public static TextWriter? SharedTerminal(CliConsole console) =>
        ReferenceEquals(console.Out, Console.Out) && ReferenceEquals(console.Error, Console.Error) && !Console.IsOutputRedirected && !Console.IsErrorRedirected
            ? console.Error
            : null;

    public void AnswerDelta(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            printer.Write(text);
            _midLine = text[^1] != '\n';
        }
    }

    public void AnswerRestarted(string reason)
    {
        lock (_gate)
        {
            printer.Restart(reason);
            _midLine = false;
        }
    }

    public void ModelChosen(string role, string modelKey, string reason) => Progress(() => progress.ModelChosen(role, modelKey, reason));

    public void TaskTyped(TaskType type, string reason) => Progress(() => progress.TaskTyped(type, reason));

    public void Fallback(string role, string fromKey, ModelCallException failure, string? toKey) => Progress(() => progress.Fallback(role, fromKey, failure, toKey));

    public void Skipped(string role, string modelKey, CooldownState cooldown) => Progress(() => progress.Skipped(role, modelKey, cooldown));

    public void IterationStarted(int iteration, int maxIterations) => Progress(() => progress.IterationStarted(iteration, maxIterations));

    public void ToolCalled(string tool, string argumentsJson) => Progress(() => progress.ToolCalled(tool, argumentsJson));

    public void ToolReturned(string tool, ToolResult result) => Progress(() => progress.ToolReturned(tool, result));

    public void ToolCallsCut(int notRun, string note) => Progress(() => progress.ToolCallsCut(notRun, note));

    public void Reviewing() => Progress(progress.Reviewing);

    public void Critiqued(int iteration, CriticVerdict verdict) => Progress(() => progress.Critiqued(iteration, verdict));

    private void Progress(Action step)
    {
        lock (_gate)
        {
            if (_midLine && sharedTerminal is not null)
            {
                sharedTerminal.WriteLine();
                sharedTerminal.Flush();
                _midLine = false;
            }

            step();
        }
    }
}
