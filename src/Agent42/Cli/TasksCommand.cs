using System.CommandLine;
using Agent42.Core.Agent;
using Agent42.Core.Agent.Approval;
using Agent42.Core.Agent.Classification;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Tasks;
using Agent42.Hosting;
using Agent42.Sdk;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Cli;

/// <summary><c>agent42 tasks list | add | work</c>: the task queue every process on the data directory (or database) shares.</summary>
internal static class TasksCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var tasks = new Command("tasks", "Queue tasks and work through them; every agent42 on the same data directory (or database) shares the queue");
        tasks.Subcommands.Add(CreateList(globals, console));
        tasks.Subcommands.Add(CreateAdd(globals, console));
        tasks.Subcommands.Add(CreateWork(globals, console));
        return tasks;
    }

    private static Command CreateList(GlobalOptions globals, CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array: [{id, type, description, status, parent_id, created_at, updated_at, result, error, lease_owner, lease_until, attempts}]" };
        var command = new Command("list", "List every task, oldest first, with its status") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = Agent42Host.Build(console, globals.ToConfiguration(parse));
            await Agent42Host.RequireStateAsync(host, cancellationToken).ConfigureAwait(false);
            var tasks = host.Services.GetRequiredService<ITaskStore>().List();
            var text = parse.GetValue(json) ? TaskJson.List(tasks) : TaskText.List(tasks);
            await console.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateAdd(GlobalOptions globals, CliConsole console)
    {
        var description = new Argument<string>("description") { Description = "What to do, in words" };
        var type = new Option<string?>("--type") { Description = "Task type (default: guessed from the words, as run does)" };
        var command = new Command("add", "Queue a task; prints its id") { description, type };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var text = parse.GetRequiredValue(description);
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new UsageException("the task's description is empty");
            }

            var given = ParseType(parse.GetValue(type));
            using var host = Agent42Host.Build(console, globals.ToConfiguration(parse));
            await Agent42Host.RequireStateAsync(host, cancellationToken).ConfigureAwait(false);
            var taskType = given ?? host.Services.GetRequiredService<TaskTypeClassifier>().Classify(text).Type;
            var task = await host.Services.GetRequiredService<TaskQueue>().EnqueueAsync(text, taskType, cancellationToken: cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync(task.Id.AsMemory(), cancellationToken).ConfigureAwait(false);
            await console.Error.WriteLineAsync($"queued {task.Id} ({TaskTypeNames.WireName(task.Type)})").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateWork(GlobalOptions globals, CliConsole console)
    {
        var once = new Option<bool>("--once") { Description = "Do one ready task, if there is one, and exit" };
        var max = new Option<int?>("--max") { Description = "Exit after this many tasks" };
        var drain = new Option<bool>("--drain") { Description = "Exit when no task is ready instead of waiting for one" };
        var command = new Command("work", "Take ready tasks one at a time and run each as 'agent42 run' does; a task stays held (leased) while it runs, and is taken again by another worker if this one dies. Ctrl-C stops without finishing the task") { once, max, drain };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(max) is < 1)
            {
                throw new UsageException("--max must be 1 or more");
            }

            var limits = parse.GetValue(once)
                ? new TaskWorkLimits(1, StopWhenIdle: true)
                : new TaskWorkLimits(parse.GetValue(max), parse.GetValue(drain));
            // Nobody is at a worker to answer: auto unless AGENT42_APPROVAL says otherwise, and never a prompt.
            using var host = Agent42Host.Build(console, globals.ToConfiguration(parse),
                services => services.AddSingleton(new ApprovalSession(ApprovalMode.Auto, null)));
            await Agent42Host.RequireStateAsync(host, cancellationToken).ConfigureAwait(false);
            await RootWarning.WriteIfRootAsync(console).ConfigureAwait(false);
            try
            {
                // Before taking a task: without a model every task taken would fail.
                host.Services.GetRequiredService<ModelEndpointResolver>().Resolve();
            }
            catch (MissingApiKeyException ex)
            {
                throw new UsageException(ex.Message);
            }

            await Agent42Host.LoadPluginsAsync(host, console, cancellationToken).ConfigureAwait(false);
            var services = host.Services;
            var worker = new TaskWorker(services.GetRequiredService<ITaskStore>(),
                new AgentTaskExecutor(services.GetRequiredService<AgentRunner>(), new ConsoleRunObserver(console.Error)),
                services.GetRequiredService<TaskQueueOptions>(), services.GetRequiredService<TimeProvider>(), TaskWorker.NewWorkerId());
            await console.Error.WriteLineAsync($"worker {worker.WorkerId}: lease {services.GetRequiredService<TaskQueueOptions>().LeaseSeconds} s").ConfigureAwait(false);
            var taken = await worker.RunAsync(limits, new ConsoleTaskWorkObserver(console), cancellationToken).ConfigureAwait(false);
            await console.Error.WriteLineAsync(taken == 0 ? "no task ready" : $"worked {taken} task(s)").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static TaskType? ParseType(string? text) =>
        text is null ? null
        : TaskTypeNames.TryParse(text, out var parsed) ? parsed
        : throw new UsageException($"'{text}' is not a task type; use one of {string.Join(", ", Enum.GetValues<TaskType>().Select(TaskTypeNames.WireName))}");
}
