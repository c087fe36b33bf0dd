using Agent42.Core.Outcomes;
using Npgsql;
using NpgsqlTypes;

namespace Agent42.Core.Database;

/// <summary>
/// The outcome log as the append-only table <c>agent42_outcomes</c>, shared by every Agent42 on the database. Each
/// row holds the outcome's line exactly as the file would (<see cref="OutcomeRecorder.Json"/>), so the same rows rank
/// as the same lines in a file. Positions are row ids: a follower reads <c>id &gt; its last</c>, in id order.
/// </summary>
/// <remarks>
/// Identity values are handed out at INSERT, not at COMMIT: two writers overlapping could commit ids 8 and 7 in that
/// order, and a follower that had read up to 8 would never see 7. So every append takes one transaction-level
/// advisory lock before its INSERT and holds it to its COMMIT: ids become visible in order, and following by id is
/// exact. The lock also makes the id before the new row known (the table's largest id as the lock is taken), which
/// is what lets this process's own follower take the row without reading it (<see cref="OutcomeAppend"/>).
/// </remarks>
internal sealed class PostgresOutcomeStore(Agent42Database database) : IOutcomeStore
{
    /// <summary>The advisory lock key every Agent42 appending an outcome takes ("A42" and a 2).</summary>
    public const long AppendLockKey = 0x413432_0002;

    public const string Table = "agent42_outcomes";

    public string Description => $"the table {Table} of the database at {database.Target.Describe()}";

    public async Task<OutcomeAppend> AppendAsync(OutcomeRecord outcome, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var batch = new NpgsqlBatch(connection, transaction);
                    await using (batch.ConfigureAwait(false))
                    {
                        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_advisory_xact_lock({AppendLockKey})"));
                        // After the lock, in a snapshot of its own: every earlier append has committed.
                        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT coalesce(max(id), 0) FROM {Table}"));
                        var insert = new NpgsqlBatchCommand($"INSERT INTO {Table} (recorded_at, task_type, model_key, line) VALUES ($1, $2, $3, $4) RETURNING id");
                        insert.Parameters.Add(new NpgsqlParameter { Value = outcome.RecordedAt.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
                        insert.Parameters.Add(new NpgsqlParameter { Value = TaskTypeNames.WireName(outcome.Type) });
                        insert.Parameters.Add(new NpgsqlParameter { Value = outcome.ModelKey });
                        insert.Parameters.Add(new NpgsqlParameter { Value = OutcomeRecorder.Json(outcome) });
                        batch.BatchCommands.Add(insert);

                        long before;
                        long id;
                        var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                        await using (reader.ConfigureAwait(false))
                        {
                            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                            before = reader.GetInt64(0);
                            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                            id = reader.GetInt64(0);
                        }

                        // Not cancellable from here: the caller learns the outcome is recorded, as with the file.
                        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                        return new OutcomeAppend(outcome, before, id);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw database.Unavailable(ex);
        }
    }

    public (IReadOnlyList<OutcomeRecord> Outcomes, IReadOnlyList<string> Skipped) ReadAll()
    {
        var outcomes = new List<OutcomeRecord>();
        var skipped = new List<string>();
        Query($"SELECT id, line FROM {Table} ORDER BY id", 0, (id, line) =>
        {
            if (OutcomeLog.TryParse(line, out var outcome, out var problem))
            {
                outcomes.Add(outcome);
            }
            else
            {
                skipped.Add($"{Table} id {id}: {problem}");
            }
        });
        return (outcomes, skipped);
    }

    public OutcomeBatch? ReadFrom(long position)
    {
        var outcomes = new List<OutcomeRecord>();
        var end = position;
        var max = Query($"SELECT id, line FROM {Table} WHERE id > $1 ORDER BY id", position, (id, line) =>
        {
            if (OutcomeLog.TryParse(line, out var outcome, out _))
            {
                outcomes.Add(outcome);
            }

            end = id;
        });
        // Fewer rows than the position: the table was emptied or made again, so the position means nothing now.
        return max < position ? null : new OutcomeBatch(outcomes, end);
    }

    /// <summary>The table cannot say what follows without a query, and the query is what <see cref="ReadFrom"/> is.</summary>
    public OutcomeTail TailAfter(long position) => OutcomeTail.Unknown;

    /// <summary>Runs <paramref name="sql"/> (its <c>$1</c> is <paramref name="position"/>) row by row; returns the table's largest id.</summary>
    private long Query(string sql, long position, Action<long, string> row)
    {
        try
        {
            using var connection = database.Open();
            using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT coalesce(max(id), 0) FROM {Table}"));
            var rows = new NpgsqlBatchCommand(sql);
            if (sql.Contains("$1", StringComparison.Ordinal))
            {
                rows.Parameters.Add(new NpgsqlParameter { Value = position });
            }

            batch.BatchCommands.Add(rows);
            using var reader = batch.ExecuteReader();
            reader.Read();
            var max = reader.GetInt64(0);
            reader.NextResult();
            while (reader.Read())
            {
                row(reader.GetInt64(0), reader.GetString(1));
            }

            return max;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw database.Unavailable(ex);
        }
    }
}
