using System.Data.Common;
using Agent42.Core.Outcomes;
using Agent42.Core.Tasks;
using Agent42.Sdk;
using Npgsql;

namespace Agent42.Core.Database;

/// <summary>
/// The task queue in PostgreSQL (<c>agent42_tasks</c>), shared by every Agent42 process on every machine that points
/// at the database. A dequeue is one statement: the oldest ready row is locked with <c>FOR UPDATE SKIP LOCKED</c> and
/// taken in the same <c>UPDATE</c>, so two workers never take one task and none waits on another's lock. Renewing and
/// finishing are updates conditional on the lease (owner and attempt), so a worker that lost its task changes nothing.
/// </summary>
/// <remarks>
/// Times come from the process's clock, like the files store's: leases are minutes long, so the few milliseconds by
/// which machines' clocks differ do not matter, and the contract tests can drive both stores with one fake clock.
/// </remarks>
internal sealed class PostgresTaskStore(Agent42Database database, TimeProvider time) : ITaskStore
{
    private const string Columns = "id, type, description, status, parent_id, created_at, updated_at, result, error, lease_owner, lease_until, attempts";
    private const string TakenColumns = "t.id, t.type, t.description, t.status, t.parent_id, t.created_at, t.updated_at, t.result, t.error, t.lease_owner, t.lease_until, t.attempts";

    public async Task<AgentTask> EnqueueAsync(string description, TaskType type, string? parentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        TaskTextRules.RefuseNul(description, nameof(description));
        var now = Now();
        var task = new AgentTask(TaskLeaseRules.NewId(now), type, description, AgentTaskStatus.Pending, now, now, parentId);
        await RunAsync(async connection =>
        {
            await using var command = new NpgsqlCommand(
                "INSERT INTO agent42_tasks (id, type, description, status, parent_id, created_at, updated_at, attempts) "
                + "VALUES (@id, @type, @description, 'pending', @parent, @now, @now, 0)", connection);
            command.Parameters.AddWithValue("id", task.Id);
            command.Parameters.AddWithValue("type", TaskTypeNames.WireName(type));
            command.Parameters.AddWithValue("description", description);
            command.Parameters.AddWithValue("parent", (object?)parentId ?? DBNull.Value);
            command.Parameters.AddWithValue("now", now);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        return task;
    }

    public StoredTask? Get(string id) => Run(connection =>
    {
        using var command = new NpgsqlCommand($"SELECT {Columns} FROM agent42_tasks WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadTask(reader) : null;
    });

    public IReadOnlyList<StoredTask> List() => Run(connection =>
    {
        using var command = new NpgsqlCommand($"SELECT {Columns} FROM agent42_tasks ORDER BY seq", connection);
        using var reader = command.ExecuteReader();
        var tasks = new List<StoredTask>();
        while (reader.Read())
        {
            tasks.Add(ReadTask(reader));
        }

        return (IReadOnlyList<StoredTask>)tasks;
    });

    public Task<TaskLease?> TryDequeueAsync(string workerId, TimeSpan leaseLength, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        var now = Now();
        return RunAsync(async connection =>
        {
            // The ready rule is TaskLeaseRules.IsReady's; the row lock is held only for this statement.
            await using var command = new NpgsqlCommand($"""
                UPDATE agent42_tasks AS t
                SET status = 'running', lease_owner = @worker, lease_until = @until, attempts = t.attempts + 1, updated_at = @now
                FROM (SELECT id FROM agent42_tasks
                      WHERE status = 'pending' OR (status = 'running' AND (lease_until IS NULL OR lease_until <= @now))
                      ORDER BY seq
                      LIMIT 1
                      FOR UPDATE SKIP LOCKED) AS ready
                WHERE t.id = ready.id
                RETURNING {TakenColumns}
                """, connection);
            command.Parameters.AddWithValue("worker", workerId);
            command.Parameters.AddWithValue("until", Micro(now + leaseLength));
            command.Parameters.AddWithValue("now", now);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? TaskLeaseRules.LeaseOf(ReadTask(reader)) : null;
        }, cancellationToken);
    }

    public async Task<TaskLease> RenewAsync(TaskLease lease, TimeSpan leaseLength, CancellationToken cancellationToken) =>
        TaskLeaseRules.LeaseOf(await ChangeHeldAsync(lease, "lease_until = @until", p => p.AddWithValue("until", Micro(Now() + leaseLength)), cancellationToken)
            .ConfigureAwait(false));

    public async Task<AgentTask> CompleteAsync(TaskLease lease, string result, CancellationToken cancellationToken) =>
        (await ChangeHeldAsync(lease, "status = 'done', result = @text, error = NULL, lease_owner = NULL, lease_until = NULL, updated_at = @now",
            p => p.AddWithValue("text", TaskTextRules.KeepWithoutNul(result)), cancellationToken).ConfigureAwait(false)).Task;

    public async Task<AgentTask> FailAsync(TaskLease lease, string error, CancellationToken cancellationToken) =>
        (await ChangeHeldAsync(lease, "status = 'failed', error = @text, result = NULL, lease_owner = NULL, lease_until = NULL, updated_at = @now",
            p => p.AddWithValue("text", TaskTextRules.KeepWithoutNul(error)), cancellationToken).ConfigureAwait(false)).Task;

    /// <summary>
    /// An update that applies only while <paramref name="lease"/> still holds the task (TaskLeaseRules.Holds); when it
    /// applies to no row, the row as it is now says why: absent, or held by another, or finished.
    /// </summary>
    private Task<StoredTask> ChangeHeldAsync(TaskLease lease, string set, Action<NpgsqlParameterCollection> parameters, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using (var command = new NpgsqlCommand(
                $"UPDATE agent42_tasks SET {set} WHERE id = @id AND status = 'running' AND lease_owner = @worker AND attempts = @attempt RETURNING {Columns}",
                connection))
            {
                command.Parameters.AddWithValue("id", lease.Task.Id);
                command.Parameters.AddWithValue("worker", lease.WorkerId);
                command.Parameters.AddWithValue("attempt", lease.Attempt);
                command.Parameters.AddWithValue("now", Now());
                parameters(command.Parameters);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return ReadTask(reader);
                }
            }

            await using var current = new NpgsqlCommand($"SELECT {Columns} FROM agent42_tasks WHERE id = @id", connection);
            current.Parameters.AddWithValue("id", lease.Task.Id);
            await using var now = await current.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            throw await now.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? TaskLeaseLostException.For(lease, ReadTask(now))
                : TaskLeaseRules.Unknown(lease.Task.Id);
        }, cancellationToken);

    private static StoredTask ReadTask(DbDataReader reader)
    {
        var typeName = reader.GetString(1);
        if (!TaskTypeNames.TryParse(typeName, out var type))
        {
            throw new InvalidDataException($"task {reader.GetString(0)} in the database has the unknown type '{typeName}'");
        }

        var task = new AgentTask(
            reader.GetString(0),
            type,
            reader.GetString(2),
            ParseStatus(reader.GetString(3)),
            reader.GetFieldValue<DateTimeOffset>(5),
            reader.GetFieldValue<DateTimeOffset>(6),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.IsDBNull(8) ? null : reader.GetString(8));
        return new StoredTask(task, reader.IsDBNull(9) ? null : reader.GetString(9),
            reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10), reader.GetInt32(11));
    }

    private static AgentTaskStatus ParseStatus(string status) => status switch
    {
        "pending" => AgentTaskStatus.Pending,
        "running" => AgentTaskStatus.Running,
        "done" => AgentTaskStatus.Done,
        "failed" => AgentTaskStatus.Failed,
        _ => throw new InvalidDataException($"a task in the database has the unknown status '{status}'"),
    };

    /// <summary>Now, to the microsecond PostgreSQL keeps, so what a call returns equals what a later read gives.</summary>
    private DateTimeOffset Now() => Micro(time.GetUtcNow());

    private static DateTimeOffset Micro(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> run, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await run(connection).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw database.Unavailable(ex);
        }
    }

    private T Run<T>(Func<NpgsqlConnection, T> run)
    {
        try
        {
            using var connection = database.Open();
            return run(connection);
        }
        catch (NpgsqlException ex)
        {
            throw database.Unavailable(ex);
        }
    }
}
