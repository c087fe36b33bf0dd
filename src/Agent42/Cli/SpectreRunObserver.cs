using Agent42.Core.Agent;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Sdk;
using Spectre.Console;

namespace Agent42.Cli;

/// <summary>
/// A run's progress for a person at a terminal: coloured step lines above a spinner that says what the run is
/// waiting for. Used when stderr is a terminal; otherwise <see cref="ConsoleRunObserver"/> writes plain lines.
/// Without a status (while the user may be asked to approve a call, which a live spinner would draw over) it
/// writes the lines alone.
/// </summary>
internal sealed class SpectreRunObserver(IAnsiConsole console, StatusContext? status) : IAgentRunObserver
{
    private const int Preview = 90;
    private string _primary = "the model";
    private string _critic = "the critic";

    public void TaskTyped(TaskType type, string reason) =>
        Line($"[grey]type[/] [bold]{TaskTypeNames.WireName(type)}[/] [grey]({Markup.Escape(reason)})[/]");

    public void ModelChosen(string role, string modelKey, string reason)
    {
        if (role == "primary")
        {
            _primary = modelKey;
        }
        else
        {
            _critic = modelKey;
        }

        Line($"[grey]{role}[/] [cyan]{Markup.Escape(modelKey)}[/] [grey]({Markup.Escape(reason)})[/]");
    }

    public void Fallback(string role, string fromKey, ModelCallException failure, string? toKey)
    {
        Line($"[yellow]{role} {Markup.Escape(fromKey)} failed: {failure.Kind}[/] [grey]({Markup.Escape(Shorten(failure.Message))})[/]" +
            (toKey is null ? string.Empty : $" [yellow]-> {Markup.Escape(toKey)}[/]"));
        if (toKey is not null)
        {
            _primary = role == "primary" ? toKey : _primary;
            _critic = role == "critic" ? toKey : _critic;
        }
    }

    public void Skipped(string role, string modelKey, CooldownState cooldown) =>
        Line($"[grey]{role} {Markup.Escape(modelKey)} skipped: cooling down after {cooldown.Reason} until {cooldown.Until.ToLocalTime():HH:mm:ss}[/]");

    public void IterationStarted(int iteration, int maxIterations)
    {
        Line($"[bold]iteration {iteration}/{maxIterations}[/]");
        status?.Status($"waiting for {Markup.Escape(_primary)}...");
    }

    public void ToolCalled(string tool, string argumentsJson)
    {
        Line($"  [blue]->[/] {Markup.Escape(tool)} [grey]{Markup.Escape(Shorten(argumentsJson))}[/]");
        status?.Status($"running {Markup.Escape(tool)}...");
    }

    public void ToolReturned(string tool, ToolResult result)
    {
        Line(result.Success
            ? $"  [green]<-[/] {Markup.Escape(tool)} [grey]{Markup.Escape(Shorten(result.Output))}[/]"
            : $"  [red]<-[/] {Markup.Escape(tool)} failed: {Markup.Escape(Shorten(result.Error))}");
        status?.Status($"waiting for {Markup.Escape(_primary)}...");
    }

    public void ToolCallsCut(int notRun, string note) => Line($"  [yellow]cut:[/] {Markup.Escape(note)}");

    public void Critiqued(int iteration, CriticVerdict verdict)
    {
        var score = verdict.Score is { } s ? $" score {s:0.00}" : string.Empty;
        Line(verdict.Approved
            ? $"[green]critic approved[/][grey]{score}[/]"
            : $"[yellow]critic: not yet[/][grey]{score}[/] {Markup.Escape(Shorten(verdict.Feedback))}");
        status?.Status($"waiting for {Markup.Escape(_primary)}...");
    }

    public void Reviewing() => status?.Status($"{Markup.Escape(_critic)} is reviewing...");

    private void Line(string markup) => console.MarkupLine(markup);

    private static string Shorten(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= Preview ? flat : flat[..Preview] + "...";
    }
}
