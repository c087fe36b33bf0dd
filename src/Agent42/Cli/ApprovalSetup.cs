using Agent42.Core.Agent.Approval;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Cli;

/// <summary>The approval session a command registers: its default mode, and a prompt when a person can answer one.</summary>
internal static class ApprovalSetup
{
    /// <summary>
    /// Whether lines read from the console come from a person: a terminal on stdin, or a reader a test hands in.
    /// Piped input is not asked: its next lines are tasks, not answers, and nothing must wait for one.
    /// </summary>
    public static bool CanAsk(CliConsole console) =>
        console.In is not null && (!ReferenceEquals(console.In, Console.In) || !Console.IsInputRedirected);

    /// <param name="screen">The shell's line editor when it owns the terminal: the answer is read through it.</param>
    public static Action<IServiceCollection> Register(CliConsole console, ApprovalMode defaultMode, Action<string> write, LineEditing.PromptScreen? screen = null) =>
        services => services.AddSingleton(new ApprovalSession(defaultMode, !CanAsk(console) ? null
            : screen is not null ? new ConsoleApprovalPrompt((question, cancellationToken) => screen.ReadLineAsync(question, cancellationToken, remember: false), write)
            : new ConsoleApprovalPrompt(console.Input, write)));
}
