using System.CommandLine;
using System.Globalization;
using System.Text;
using Agent42.Core.Database;
using Agent42.Core.Hosting;
using Agent42.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Agent42.Cli;

/// <summary><c>agent42 db migrate | status [--json]</c>: the shared PostgreSQL store of <c>AGENT42_DATABASE_URL</c>.</summary>
internal static class DbCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var db = new Command("db", "The shared PostgreSQL store (AGENT42_DATABASE_URL): set up its schema, see its state");

        var migrate = new Command("migrate", "Create or upgrade the schema to this Agent42's version; safe to run from several machines at once");
        migrate.SetAction(async (parse, cancellationToken) =>
        {
            using var host = Agent42Host.Build(console, globals.ToConfiguration(parse));
            var database = Require(host);
            await using var connection = await database.OpenUncheckedAsync(cancellationToken).ConfigureAwait(false);
            var (from, applied) = await DatabaseMigrations.MigrateAsync(connection, database, cancellationToken).ConfigureAwait(false);
            var text = new StringBuilder();
            if (applied.Count == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{database.Target.Redacted}: schema at version {from}, up to date; nothing to do\n");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"{database.Target.Redacted}: schema migrated from version {from} to {applied[^1].Version}\n");
                foreach (var migration in applied)
                {
                    text.Append(CultureInfo.InvariantCulture, $"  applied {migration.Version}: {migration.Description}\n");
                }
            }

            await console.Out.WriteAsync(text.ToString().AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });

        var json = new Option<bool>("--json") { Description = "Print one JSON object: {store, url, reachable, error, schema_version, latest_version, pending: [{version, description}], outcomes, tasks}" };
        var status = new Command("status", "Where the database is (password hidden), whether it answers, its schema version and pending migrations, and how many outcomes and tasks it holds") { json };
        status.SetAction(async (parse, cancellationToken) =>
        {
            using var host = Agent42Host.Build(console, globals.ToConfiguration(parse));
            var report = await DatabaseStatusReader.ReadAsync(Require(host), cancellationToken).ConfigureAwait(false);
            var text = parse.GetValue(json) ? Json(report) : Text(report);
            await console.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            return report.Usable ? ExitCodes.Success : ExitCodes.Unavailable;
        });

        db.Subcommands.Add(migrate);
        db.Subcommands.Add(status);
        return db;
    }

    private static Agent42Database Require(IHost host) =>
        host.Services.GetService<Agent42Database>()
        ?? throw new UsageException(
            $"AGENT42_DATABASE_URL is not set, so the files store is in use: the outcome log and the task queue are files in {host.Services.GetRequiredService<Agent42Settings>().DataDirectory}; " +
            "set AGENT42_DATABASE_URL to a postgres:// URL to share them through PostgreSQL");

    private static string Text(DatabaseStatus report)
    {
        var text = new StringBuilder();
        text.Append("database:  ").Append(report.Url).Append('\n');
        if (report.SchemaVersion is not { } version)
        {
            text.Append("reachable: no: ").Append(report.Error).Append('\n');
            return text.ToString();
        }

        text.Append("reachable: yes\n");
        text.Append(CultureInfo.InvariantCulture, $"schema:    version {version} (this Agent42: {report.LatestVersion})")
            .Append(report.Newer ? ": newer than this Agent42 knows; upgrade Agent42 here\n"
                : report.Pending.Count > 0 ? ": run 'agent42 db migrate'\n" : ", up to date\n");
        text.Append("pending:   ").Append(report.Pending.Count == 0 ? "none" : string.Join(", ", report.Pending.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Version} ({m.Description})")))).Append('\n');
        text.Append("outcomes:  ").Append(report.Outcomes?.ToString(CultureInfo.InvariantCulture) ?? "-").Append('\n');
        text.Append("tasks:     ").Append(report.Tasks?.ToString(CultureInfo.InvariantCulture) ?? "-").Append('\n');
        if (report.Error is { } error)
        {
            text.Append("error:     ").Append(error).Append('\n');
        }

        return text.ToString();
    }

    private static string Json(DatabaseStatus report) => CliJson.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("store", "postgres");
        writer.WriteString("url", report.Url);
        writer.WriteBoolean("reachable", report.Reachable);
        writer.WriteString("error", report.Error);
        WriteNumber(writer, "schema_version", report.SchemaVersion);
        writer.WriteNumber("latest_version", report.LatestVersion);
        writer.WriteStartArray("pending");
        foreach (var migration in report.Pending)
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", migration.Version);
            writer.WriteString("description", migration.Description);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteNumber(writer, "outcomes", report.Outcomes);
        WriteNumber(writer, "tasks", report.Tasks);
        writer.WriteEndObject();
    });

    private static void WriteNumber(System.Text.Json.Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
