using System.Globalization;
using Agent42.Core.Database.Migrations;
using Npgsql;

namespace Agent42.Core.Database;

/// <summary>
/// The versioned schema. Migrating runs in one transaction that first takes a transaction-level advisory lock, so
/// two processes migrating at once apply each step exactly once (the second waits, then finds nothing to do), and a
/// crash mid-way leaves the database as it was. A database whose schema is newer than this Agent42 knows is refused
/// (an older build must not write to tables a newer one changed).
/// </summary>
internal static class DatabaseMigrations
{
    /// <summary>The advisory lock key every Agent42 migrating a database takes ("A42" and a 1).</summary>
    public const long LockKey = 0x413432_0001;

    public const string VersionTable = "agent42_schema_version";

    /// <summary>Every migration, in version order; a new one is appended, never inserted.</summary>
    public static IReadOnlyList<DatabaseMigration> All { get; } =
    [
        Migration0001Initial.Migration,
    ];

    public static int Latest => All[^1].Version;

    /// <summary>The schema version the database is at: 0 for a database Agent42 has not set up yet.</summary>
    public static async Task<int> CurrentVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        await using var exists = new NpgsqlCommand($"SELECT to_regclass('{VersionTable}') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
        {
            return 0;
        }

        await using var max = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {VersionTable}", connection);
        return (int)(await max.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>The migrations not yet applied to a database at <paramref name="currentVersion"/>.</summary>
    public static IReadOnlyList<DatabaseMigration> Pending(int currentVersion) => All.Where(m => m.Version > currentVersion).ToList();

    /// <summary>Applies every pending migration; returns the version before and the migrations applied (none when current).</summary>
    public static Task<(int From, IReadOnlyList<DatabaseMigration> Applied)> MigrateAsync(
        NpgsqlConnection connection, Agent42Database database, CancellationToken cancellationToken = default) =>
        MigrateAsync(connection, database, All, cancellationToken);

    /// <summary>As <see cref="MigrateAsync(NpgsqlConnection, Agent42Database, CancellationToken)"/> over a given list (tests give a failing step).</summary>
    internal static async Task<(int From, IReadOnlyList<DatabaseMigration> Applied)> MigrateAsync(
        NpgsqlConnection connection, Agent42Database database, IReadOnlyList<DatabaseMigration> migrations, CancellationToken cancellationToken = default)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            try
            {
                await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, $"""
                    CREATE TABLE IF NOT EXISTS {VersionTable} (
                      version     int PRIMARY KEY,
                      description text NOT NULL,
                      applied_at  timestamptz NOT NULL DEFAULT now()
                    )
                    """, cancellationToken).ConfigureAwait(false);
                var from = await CurrentVersionAsync(connection, cancellationToken).ConfigureAwait(false);
                var latest = migrations[^1].Version;
                if (from > latest)
                {
                    throw database.Refused(string.Create(CultureInfo.InvariantCulture,
                        $"the schema is at version {from}, newer than this Agent42 knows ({latest}); upgrade Agent42 on this machine"));
                }

                var pending = migrations.Where(m => m.Version > from).ToList();
                foreach (var migration in pending)
                {
                    try
                    {
                        await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
                    }
                    catch (PostgresException ex)
                    {
                        throw database.Refused(string.Create(CultureInfo.InvariantCulture,
                            $"migration {migration.Version} ({migration.Description}) failed, nothing was changed: {ex.MessageText} (SQLSTATE {ex.SqlState})"));
                    }

                    await using var record = new NpgsqlCommand($"INSERT INTO {VersionTable} (version, description) VALUES (@version, @description)", connection, transaction);
                    record.Parameters.AddWithValue("version", migration.Version);
                    record.Parameters.AddWithValue("description", migration.Description);
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (from, pending);
            }
            catch (NpgsqlException ex)
            {
                throw database.Unavailable(ex);
            }
        }
    }

    /// <summary>
    /// The check on a process's first connection: an empty database (version 0) is set up on the spot, so a fresh
    /// database needs no separate step; an older schema is not upgraded behind the fleet's back (other machines may
    /// run an older Agent42) and a newer one is refused, each with the command or upgrade to do.
    /// </summary>
    public static async Task EnsureUsableAsync(NpgsqlConnection connection, Agent42Database database, CancellationToken cancellationToken = default)
    {
        int current;
        try
        {
            current = await CurrentVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw database.Unavailable(ex);
        }

        if (current == 0)
        {
            var (from, _) = await MigrateAsync(connection, database, cancellationToken).ConfigureAwait(false);
            current = Math.Max(from, Latest);
        }

        RefuseNewer(current, database);
        if (current < Latest)
        {
            throw database.Refused(string.Create(CultureInfo.InvariantCulture,
                $"the schema is at version {current}, this Agent42 needs {Latest}; run 'agent42 db migrate' (every Agent42 on this database must then be this version or newer)"));
        }
    }

    private static void RefuseNewer(int current, Agent42Database database)
    {
        if (current > Latest)
        {
            throw database.Refused(string.Create(CultureInfo.InvariantCulture,
                $"the schema is at version {current}, newer than this Agent42 knows ({Latest}); upgrade Agent42 on this machine"));
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
