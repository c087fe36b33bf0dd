using Agent42.Core.Agent;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Sdk;

namespace Agent42.Cli;

/// <summary>Shows a run's progress on stderr, one line per step, so stdout carries only the answer.</summary>
internal sealed class ConsoleRunObserver(TextWriter error) : IAgentRunObserver
{
    private const int Preview = 100;

    public void TaskTyped(TaskType type, string reason) => Write($"type: {TaskTypeNames.WireName(type)} ({reason})");

    public void ModelChosen(string role, string modelKey, string reason) => Write($"{role}: {modelKey} ({reason})");

    public void Skipped(string role, string modelKey, CooldownState cooldown) =>
        Write($"{role} {modelKey} skipped: cooling down after {cooldown.Reason} until {cooldown.Until.ToLocalTime():HH:mm:ss}");

    public void Fallback(string role, string fromKey, ModelCallException failure, string? toKey) =>
        Write($"{role} {fromKey} failed: {failure.Kind} ({Shorten(failure.Message)}); {(toKey is null ? "no other model left" : "falling back to " + toKey)}");

    public void IterationStarted(int iteration, int maxIterations) => Write($"iteration {iteration}/{maxIterations}");

    public void ToolCalled(string tool, string argumentsJson) => Write($"  -> {tool} {Shorten(argumentsJson)}");

    public void ToolReturned(string tool, ToolResult result) =>
        Write(result.Success ? $"  <- {tool}: {Shorten(result.Output)}" : $"  <- {tool} failed: {Shorten(result.Error)}");

    public void ToolCallsCut(int notRun, string note) => Write($"  cut: {note}");

    public void Critiqued(int iteration, CriticVerdict verdict)
    {
        var score = verdict.Score is { } s ? $", score {s:0.00}" : string.Empty;
        Write(verdict.Approved
            ? $"critic: approved{score}"
            : $"critic: not yet{score}: {Shorten(verdict.Feedback)}");
    }

    private void Write(string line)
    {
        lock (error)
        {
            error.WriteLine(line);
            error.Flush();
        }
    }

    private static string Shorten(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= Preview ? flat : flat[..Preview] + "...";
    }
}
