using System.Globalization;
using System.Text.Json;
using Agent42.Core.Agent;
using Agent42.Core.Agent.Approval;
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
          /help                  this text
          /quit                  leave (end of input does too)
        With approval 'ask' (the default here; --approval or AGENT42_APPROVAL), a call that writes, edits, runs a
        command or sends a request is shown first: answer y (yes), n (no) or a (always, for that tool, this session).

        """;

    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string?> commandLine, CliConsole console, CancellationToken cancellationToken)
    {
        var gate = new Lock();
        void Say(string text)
        {
            lock (gate)
            {
                console.Out.Write(text);
                console.Out.Flush();
            }
        }

        // A person is at the shell: calls that change things are shown and asked about, unless configured otherwise.
        using var host = Agent42Host.Build(console, commandLine, ApprovalSetup.Register(console, ApprovalMode.Ask, Say));
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

        Say($"Agent42 {typeof(Shell).Assembly.GetName().Version?.ToString(3)}: {registry.List().Count} tools (approval: {ApprovalModes.Name(approval)}), watching {Path.GetRelativePath(console.CurrentDirectory, settings.ToolsDirectory)}/. Type a task, or /help.\n");
        if (approval == ApprovalMode.Ask && !ApprovalSetup.CanAsk(console))
        {
            Say("warning: standard input is not a terminal, so calls that write, edit, run a command or send a request will be refused, not asked about; use --approval auto to let them run\n");
        }
        while (!cancellationToken.IsCancellationRequested)
        {
            Say("agent42> ");
            var line = await console.Input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null || line.Trim() is "/quit" or "/exit")
            {
                Say("\n");
                break;
            }

            try
            {
                await HandleAsync(line.Trim(), services, console, Say, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AgentRunException or RoutingException or MissingApiKeyException or UsageException)
            {
                Say($"error: {ex.Message}\n");
            }
        }

        return ExitCodes.Success;
    }

    private static async Task HandleAsync(string line, IServiceProvider services, CliConsole console, Action<string> say, CancellationToken cancellationToken)
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
                .RunAsync(task, type, null, RunCommand.Streaming(console, observer, printer), cancellationToken),
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

        say($"({(result.Approved ? "approved" : "not approved")}, {result.Iterations} iteration(s), {result.ModelKey})\n");
        if (notRecorded is not null)
        {
            say($"error: {notRecorded.Message}\n");
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
