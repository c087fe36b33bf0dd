using Npgsql;

namespace Agent42.Core.Database;

/// <summary>Reads <see cref="DatabaseStatus"/> without changing anything (no schema check, no migration).</summary>
internal static class DatabaseStatusReader
{
    public static async Task<DatabaseStatus> ReadAsync(Agent42Database database, CancellationToken cancellationToken = default)
    {
        var url = database.Target.Redacted;
        try
        {
            await using var connection = await database.OpenUncheckedAsync(cancellationToken).ConfigureAwait(false);
            var version = await DatabaseMigrations.CurrentVersionAsync(connection, cancellationToken).ConfigureAwait(false);
            var error = version > DatabaseMigrations.Latest
                ? database.Refused($"the schema is at version {version}, newer than this Agent42 knows ({DatabaseMigrations.Latest}); upgrade Agent42 on this machine").Message
                : null;
            return new DatabaseStatus(
                url,
                error,
                version,
                DatabaseMigrations.Pending(version),
                await CountAsync(connection, "agent42_outcomes", cancellationToken).ConfigureAwait(false),
                await CountAsync(connection, "agent42_tasks", cancellationToken).ConfigureAwait(false));
        }
        catch (DatabaseUnavailableException ex)
        {
            return new DatabaseStatus(url, ex.Message, null, [], null, null);
        }
        catch (NpgsqlException ex)
        {
            return new DatabaseStatus(url, database.Unavailable(ex).Message, null, [], null, null);
        }
    }

    private static async Task<long?> CountAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand($"SELECT to_regclass('{table}') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
        {
            return null;
        }

        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
