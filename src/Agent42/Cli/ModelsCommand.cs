using System.CommandLine;
using System.Globalization;
using System.Text;
using Agent42.Core.Models.Catalog;
using Agent42.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Cli;

/// <summary><c>agent42 models sync | list</c>: the free OpenRouter models Agent42 knows and can route to.</summary>
internal static class ModelsCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var models = new Command("models", "Sync and list the free models Agent42 can route to");
        models.Subcommands.Add(CreateSync(globals, console));
        models.Subcommands.Add(CreateList(globals, console));
        return models;
    }

    private static Command CreateSync(GlobalOptions globals, CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON object: {succeeded, source, problem, catalog_size, skipped, added, vanished, turned_paid, returned, available, available_with_tools}" };
        var command = new Command("sync", "Fetch OpenRouter's model catalog (OPENROUTER_BASE_URL/models) and update data/model_catalog.json; exit 1 if it could not be fetched") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = Agent42Host.Build(console, globals.ToConfiguration(parse));
            var report = await host.Services.GetRequiredService<ModelCatalogSync>().SyncAsync(cancellationToken).ConfigureAwait(false);
            var text = parse.GetValue(json) ? ModelJson.Report(report) : Text(report);
            await console.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            return report.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static Command CreateList(GlobalOptions globals, CliConsole console)
    {
        var free = new Option<bool>("--free") { Description = "Only models that are free and available now" };
        var tools = new Option<bool>("--tools") { Description = "Only models that support tool calls" };
        var json = new Option<bool>("--json") { Description = "Print a JSON array: [{key, id, name, context_length, tier, tools, reasoning, status, status_since}]" };
        var command = new Command("list", "List the known free models: key, id, context, capabilities and status (available, missing, paid)") { free, tools, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = Agent42Host.Build(console, globals.ToConfiguration(parse));
            var catalog = host.Services.GetRequiredService<ModelCatalogSync>().Current();
            var models = catalog.Models
                .Where(m => !parse.GetValue(free) || m.IsRoutable)
                .Where(m => !parse.GetValue(tools) || m.SupportsTools)
                .ToArray();
            var text = parse.GetValue(json) ? ModelJson.List(models) : List(models, catalog);
            await console.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Text(CatalogSyncReport report)
    {
        var text = new StringBuilder();
        if (report.Succeeded)
        {
            text.Append(CultureInfo.InvariantCulture, $"synced {report.CatalogSize} models from {report.Source}: ")
                .Append(CultureInfo.InvariantCulture, $"{report.Available} free available, {report.AvailableWithTools} with tool support\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"not synced ({report.Problem}); using the {report.Source}: ")
                .Append(CultureInfo.InvariantCulture, $"{report.Available} free available, {report.AvailableWithTools} with tool support\n");
        }

        Line(text, "new", report.Changes.Added);
        Line(text, "vanished", report.Changes.Vanished);
        Line(text, "turned paid", report.Changes.TurnedPaid);
        Line(text, "back", report.Changes.Returned);
        foreach (var skipped in report.Skipped)
        {
            text.Append("skipped ").Append(skipped).Append('\n');
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, string label, IReadOnlyList<string> keys)
    {
        if (keys.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{label} ({keys.Count}): {string.Join(", ", keys)}\n");
        }
    }

    private static string List(IReadOnlyList<KnownModel> models, ModelCatalogFile catalog)
    {
        if (models.Count == 0)
        {
            return "No models match.\n";
        }

        var keyWidth = Math.Max(3, models.Max(m => m.Key.Length));
        var idWidth = Math.Max(2, models.Max(m => m.Id.Length));
        var text = new StringBuilder();
        text.Append("KEY".PadRight(keyWidth)).Append("  ").Append("ID".PadRight(idWidth)).Append("  CONTEXT  TOOLS  REASONING  STATUS\n");
        foreach (var m in models)
        {
            var status = m.Status == ModelStatus.Available ? "available" : $"{m.Status.ToString().ToLowerInvariant()} since {m.StatusSince:yyyy-MM-dd}";
            text.Append(m.Key.PadRight(keyWidth)).Append("  ").Append(m.Id.PadRight(idWidth)).Append("  ")
                .Append((m.ContextLength?.ToString(CultureInfo.InvariantCulture) ?? "?").PadLeft(7)).Append("  ")
                .Append((m.SupportsTools ? "yes" : "no").PadRight(5)).Append("  ")
                .Append((m.SupportsReasoning ? "yes" : "no").PadRight(9)).Append("  ")
                .Append(status).Append('\n');
        }

        var source = catalog.FetchedAt is { } at ? $"fetched {at:yyyy-MM-dd HH:mm} UTC" : catalog.Source;
        text.Append(CultureInfo.InvariantCulture, $"\n{models.Count} models ({source}). 'agent42 models sync' refreshes the catalog.\n");
        return text.ToString();
    }
}
