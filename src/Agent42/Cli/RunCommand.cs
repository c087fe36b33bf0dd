using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agent42.Core.Agent;
using Agent42.Core.Agent.Approval;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Hosting;
using Agent42.Sdk;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Agent42.Cli;

/// <summary><c>agent42 run "&lt;task&gt;" [--type] [--model] [--json]</c>: one task, end to end.</summary>
internal static class RunCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var task = new Argument<string>("task") { Description = "What to do, in words" };
        var type = new Option<string?>("--type") { Description = "Task type: coding, debugging, research, refactoring, documentation, marketing, email, design, content, strategy, data_analysis, project_management (default: coding)" };
        var model = new Option<string?>("--model") { Description = "Use this model: a key from 'agent42 models list' or a provider model id" };
        var json = new Option<bool>("--json") { Description = "Print one JSON result object instead of the answer" };
        var command = new Command("run", "Run a task: the model works with the tools, a critic reviews, and the outcome is recorded; the answer goes to stdout, progress to stderr")
        {
            task, type, model, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            TaskType? taskType = null;
            if (parse.GetValue(type) is { } typeText)
            {
                taskType = TaskTypeNames.TryParse(typeText, out var parsed)
                    ? parsed
                    : throw new UsageException($"'{typeText}' is not a task type; use one of {string.Join(", ", Enum.GetValues<TaskType>().Select(TaskTypeNames.WireName))}");
            }

            // Auto unless AGENT42_APPROVAL says otherwise; an explicit ask asks on stderr (stdout is the answer's).
            using var host = Agent42Host.Build(console, globals.ToConfiguration(parse),
                ApprovalSetup.Register(console, ApprovalMode.Auto, text => WriteError(console, text)));
            await Agent42Host.RequireStateAsync(host, cancellationToken).ConfigureAwait(false);
            await RootWarning.WriteIfRootAsync(console).ConfigureAwait(false);
            var approver = host.Services.GetRequiredService<IToolApprover>();
            await Agent42Host.LoadPluginsAsync(host, console, cancellationToken).ConfigureAwait(false);
            AgentRunResult result;
            RecordingFailedException? notRecorded = null;
            // The answer streams to stdout as it arrives; --json keeps stdout for the one complete document.
            var printer = parse.GetValue(json) ? null : AnswerPrinter.For(console);
            try
            {
                result = await RunWithProgressAsync(console, observer => host.Services.GetRequiredService<AgentRunner>()
                    .RunAsync(parse.GetRequiredValue(task), taskType, parse.GetValue(model), Streaming(console, observer, printer), cancellationToken),
                    spinner: approver.Mode != ApprovalMode.Ask && !StreamsToTerminal(printer)).ConfigureAwait(false);
            }
            catch (MissingApiKeyException ex)
            {
                throw new UsageException(ex.Message);
            }
            catch (RecordingFailedException ex)
            {
                // The task is done: its answer went out as usual, and then what was not saved.
                (result, notRecorded) = (ex.Result, ex);
            }
            finally
            {
                printer?.Finish();
            }

            if (printer is null)
            {
                var text = Json(result, host.Services.GetRequiredService<TimeProvider>().GetUtcNow());
                await console.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            if (printer is not null)
            {
                var requests = TaskSummary.Requests(result, host.Services);
                await console.Error.WriteLineAsync(TaskSummary.ForRun(result, requests, recorded: notRecorded is null)).ConfigureAwait(false);
            }

            if (notRecorded is not null)
            {
                await console.Error.WriteLineAsync($"error: the task is done and its answer printed, but {notRecorded.Message}").ConfigureAwait(false);
                return ExitCodes.NotRecorded;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Runs with a spinner and coloured steps when stderr is this process's terminal; with plain lines otherwise
    /// (piped, redirected, or in tests), so logs and CI output stay readable. No spinner while the user may be asked
    /// to approve a call: a live display would draw over the question.
    /// </summary>
    public static Task<T> RunWithProgressAsync<T>(CliConsole console, Func<IAgentRunObserver, Task<T>> run, bool spinner = true)
    {
        if (!ReferenceEquals(console.Error, Console.Error) || Console.IsErrorRedirected)
        {
            return run(new ConsoleRunObserver(console.Error));
        }

        var ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (!spinner)
        {
            return run(new SpectreRunObserver(ansi, null));
        }

        return ansi.Status().Spinner(Spinner.Known.Dots).StartAsync("starting...", context => run(new SpectreRunObserver(ansi, context)));
    }

    /// <summary>The observer of a run whose answer goes to <paramref name="printer"/> as it streams (none: nothing streams).</summary>
    public static IAgentRunObserver Streaming(CliConsole console, IAgentRunObserver progress, AnswerPrinter? printer) =>
        printer is null ? progress : new AnswerStreamObserver(progress, printer, AnswerStreamObserver.SharedTerminal(console));

    /// <summary>
    /// Whether the answer streams to this process's terminal, where a spinner would be drawn over it: Spectre's live
    /// display has no pause, so such a run shows its steps without one (piped answers and --json keep it).
    /// </summary>
    public static bool StreamsToTerminal(AnswerPrinter? printer) => printer is not null && !Console.IsOutputRedirected;

    private static void WriteError(CliConsole console, string text)
    {
        console.Error.Write(text);
        console.Error.Flush();
    }

    private static string Json(AgentRunResult result, DateTimeOffset now)
    {
        var outcome = JsonSerializer.SerializeToNode(RunOutcome.Record(result, now), OutcomeJsonContext.Default.OutcomeRecord)!.AsObject();
        outcome["task"] = result.Task;
        outcome["answer"] = result.Answer;
        outcome["critiques"] = new JsonArray(result.Critiques.Select(c => (JsonNode)c).ToArray());
        return CliJson.Write(outcome);
    }
}
