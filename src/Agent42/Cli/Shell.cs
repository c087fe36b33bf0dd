using System.Globalization;
using System.Text.Json;
using Agent42.Core.Agent;
using Agent42.Core.Agent.Approval;
using Agent42.Core.Agent.Conversation;
using Agent42.Core.Configuration;
using Agent42.Core.Hosting;
using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Plugins;
using Agent42.Core.Routing;
using Agent42.Core.Tools;
using Agent42.Hosting;
using Agent42.Sdk;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Cli;

/// <summary>
/// The interactive shell: type a task to run it, or a slash command. Custom tools hot-reload while it runs (the
/// same events <c>agent42 watch</c> prints), and the model catalog is refreshed in the background when it is due.
/// </summary>
internal static class Shell
{
    private const string HelpText = """
        Type a task to run it (its type is guessed from the words; prefix with 'type: ' to say it, e.g. 'email: thank the team').
        Commands:
          /tools                 list the tools, built-in and custom
          /call <name> <json>    call a tool, e.g. /call read_file {"path":"README.md"}
          /models                the free models that take tool calls
          /routing               which model each task type would use now
          /history               this conversation's tasks and answers (each task sees them)
          /new                   start a new conversation (the current one stays saved)
          /sessions              the saved conversations, last updated first
          /resume [id]           continue the last saved conversation, or the one named
          /help                  this text
          /quit                  leave (end of input does too)
        With approval 'ask' (the default here; --approval or AGENT42_APPROVAL), a call that writes, edits, runs a
        command or sends a request is shown first: answer y (yes), n (no) or a (always, for that tool, this session).

        """;

    /// <param name="commandLine">The global options given.</param>
    /// <param name="console">Where the shell reads and writes.</param>
    /// <param name="cancellationToken">Ends the shell.</param>
    /// <param name="resume">From <c>--resume</c>: null for a new conversation, empty for the last saved one, else a session id.</param>
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string?> commandLine, CliConsole console, CancellationToken cancellationToken, string? resume = null)
    {
        var gate = new Lock();
        // At a terminal, a line editor owns the prompt line: what arrives while a line is typed goes above it.
        var screen = LineEditing.PromptScreen.ForShell(console);
        void Say(string text)
        {
            if (screen is not null)
            {
                screen.Write(text);
                return;
            }

            lock (gate)
            {
                console.Out.Write(text);
                console.Out.Flush();
            }
        }

        // A person is at the shell: calls that change things are shown and asked about, unless configured otherwise.
        using var host = Agent42Host.Build(screen is null ? console : console with { Error = screen.Error }, commandLine,
            ApprovalSetup.Register(console, ApprovalMode.Ask, Say, screen));
        await Agent42Host.RequireStateAsync(host, cancellationToken).ConfigureAwait(false);
        await RootWarning.WriteIfRootAsync(console).ConfigureAwait(false);
        var services = host.Services;
        var settings = services.GetRequiredService<Agent42Settings>();
        var time = services.GetRequiredService<TimeProvider>();
        var manager = services.GetRequiredService<PluginManager>();
        var registry = services.GetRequiredService<ToolRegistry>();
        var approval = services.GetRequiredService<IToolApprover>().Mode;

        var mcp = await Agent42Host.StartMcpAsync(host, console).ConfigureAwait(false);
        Directory.CreateDirectory(settings.ToolsDirectory);
        manager.Changed += (_, e) => Say(PluginEventText.Format(e, settings.ToolsDirectory, time.GetLocalNow()));
        manager.StartWatching();
        foreach (var e in (await manager.LoadAllAsync(cancellationToken).ConfigureAwait(false)).Where(e => e.Kind == PluginEventKind.Rejected))
        {
            Say(PluginEventText.Format(e, settings.ToolsDirectory, time.GetLocalNow()));
        }

        await mcp.WaitForStartAsync(cancellationToken).ConfigureAwait(false);

        // Catalog refresh, research and reranking run beside the shell; a failure leaves the last good state in use.
        services.GetRequiredService<BackgroundMaintenance>().Start();

        var conversation = new ShellConversation(new SessionStore(Path.Combine(settings.DataDirectory, SessionStore.FolderName), time,
            services.GetRequiredService<System.IO.Abstractions.IFileSystem>()), time);
        var resumed = resume is null ? string.Empty : conversation.ResumeAtStart(resume, Say);
        Say($"Agent42 {typeof(Shell).Assembly.GetName().Version?.ToString(3)}: {registry.List().Count} tools (approval: {ApprovalModes.Name(approval)}), watching {Path.GetRelativePath(console.CurrentDirectory, settings.ToolsDirectory)}/. Type a task, or /help.{resumed}\n");
        if (approval == ApprovalMode.Ask && !ApprovalSetup.CanAsk(console))
        {
            Say("warning: standard input is not a terminal, so calls that write, edit, run a command or send a request will be refused, not asked about; use --approval auto to let them run\n");
        }
        while (!cancellationToken.IsCancellationRequested)
        {
            var line = screen is not null
                ? await screen.ReadLineAsync("agent42> ", cancellationToken).ConfigureAwait(false)
                : await SayAndReadAsync().ConfigureAwait(false);
            if (line is null || line.Trim() is "/quit" or "/exit")
            {
                Say("\n");
                break;
            }

            try
            {
                await HandleAsync(line.Trim(), services, console, conversation, Say, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AgentRunException or RoutingException or MissingApiKeyException or UsageException)
            {
                Say($"error: {ex.Message}\n");
            }
        }

        return ExitCodes.Success;

        Task<string?> SayAndReadAsync()
        {
            Say("agent42> ");
            return console.Input.ReadLineAsync(cancellationToken).AsTask();
        }
    }

    private static async Task HandleAsync(
        string line, IServiceProvider services, CliConsole console, ShellConversation conversation, Action<string> say, CancellationToken cancellationToken)
    {
        var registry = services.GetRequiredService<ToolRegistry>();
        switch (line)
        {
            case "":
                return;
            case "/help":
                say(HelpText);
                return;
            case "/tools":
                say(ToolText.List(registry.Registrations.Select(r => new ToolSummary(r.Name, r.Description, r.Source, r.FilePath)).ToArray()));
                return;
            case "/models":
                var models = services.GetRequiredService<ModelCatalogSync>().Current().Models.Where(m => m.IsRoutable && m.SupportsTools);
                say(string.Concat(models.Select(m => $"{m.Key}  ({m.Id}, context {m.ContextLength?.ToString(CultureInfo.InvariantCulture) ?? "?"})\n")));
                return;
            case "/routing":
                // The same decisions tasks get, trials aside: admin override, learned routing, or the defaults.
                var routing = services.GetRequiredService<RoutingService>();
                foreach (var taskType in Enum.GetValues<TaskType>())
                {
                    var decision = routing.Route(taskType, allowTrial: false);
                    say($"{TaskTypeNames.WireName(taskType),-20} primary {decision.Primary[0].Key}, critic {decision.Critic[0].Key}, max {decision.MaxIterations} iterations ({decision.Layer.Text()})\n");
                }

                say("'agent42 routing explain <type>' shows why\n");
                return;
        }

        if (line.StartsWith("/call", StringComparison.Ordinal))
        {
            // The user typed the call: it runs as typed, without asking them again.
            await CallAsync(line["/call".Length..].Trim(), registry, say, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (line.StartsWith('/') && conversation.TryHandle(line, say))
        {
            return;
        }

        if (line.StartsWith('/'))
        {
            say($"unknown command '{line.Split(' ')[0]}'; /help lists them\n");
            return;
        }

        var (type, task) = SplitType(line);
        AgentRunResult result;
        RecordingFailedException? notRecorded = null;
        var printer = AnswerPrinter.For(console);
        try
        {
            result = await RunCommand.RunWithProgressAsync(console, observer => services.GetRequiredService<AgentRunner>()
                .RunAsync(task, type, null, conversation.Turns, RunCommand.Streaming(console, observer, printer), cancellationToken),
                spinner: services.GetRequiredService<IToolApprover>().Mode != ApprovalMode.Ask && !RunCommand.StreamsToTerminal(printer)).ConfigureAwait(false);
        }
        catch (RecordingFailedException ex)
        {
            (result, notRecorded) = (ex.Result, ex);
        }
        finally
        {
            // The answer streamed as it came; only its last line is left to end.
            printer.Finish();
        }

        say(TaskSummary.ForShell(result, TaskSummary.Requests(result, services)) + "\n");
        if (notRecorded is not null)
        {
            say($"error: {notRecorded.Message}\n");
        }

        if (await conversation.RecordAsync(result, cancellationToken).ConfigureAwait(false) is { } unsaved)
        {
            say($"warning: {unsaved}\n");
        }
    }

    private static async Task CallAsync(string rest, ToolRegistry registry, Action<string> say, CancellationToken cancellationToken)
    {
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? rest : rest[..space];
        var json = space < 0 ? "{}" : rest[(space + 1)..];
        if (name.Length == 0)
        {
            say("usage: /call <name> <json arguments>\n");
            return;
        }

        JsonElement arguments;
        try
        {
            using var document = JsonDocument.Parse(json);
            arguments = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            say($"error: the arguments are not JSON: {ex.Message.Split(" LineNumber", 2)[0]}\n");
            return;
        }

        var result = await registry.ExecuteAsync(name, arguments, cancellationToken).ConfigureAwait(false);
        say(result.Content.EndsWith('\n') ? result.Content : result.Content + "\n");
    }

    /// <summary>A leading <c>type:</c> (a task type's name) says the type; otherwise it is left to the classifier.</summary>
    private static (TaskType? Type, string Task) SplitType(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && TaskTypeNames.TryParse(line[..colon], out var type)
            ? (type, line[(colon + 1)..].Trim())
            : (null, line);
    }
}
