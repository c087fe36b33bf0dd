using Agent42.Core.Database;
using Agent42.Core.Outcomes;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Outcomes.Contract;

/// <summary>
/// The outcome store contract on PostgreSQL (skipped without <c>AGENT42_TEST_DATABASE_URL</c>); the second process
/// has a pool of its own.
/// </summary>
[TestFixture]
internal sealed class PostgresOutcomeStoreContractTests : OutcomeStoreContract, IAsyncDisposable
{
    private readonly List<Agent42Database> _pools = [];
    private PostgresTestDatabase? _database;

    public async ValueTask DisposeAsync()
    {
        foreach (var pool in _pools)
        {
            await pool.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override async Task<IOutcomeStore> CreateAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        return SecondProcess();
    }

    protected override IOutcomeStore SecondProcess()
    {
        var pool = _database!.Open();
        _pools.Add(pool);
        return new PostgresOutcomeStore(pool);
    }

    protected override async Task AddGarbageAsync()
    {
        await using var connection = await _database!.ConnectAsync();
        await using var insert = new Npgsql.NpgsqlCommand(
            "INSERT INTO agent42_outcomes (recorded_at, task_type, model_key, line) VALUES (now(), 'coding', 'x', 'not an outcome')", connection);
        await insert.ExecuteNonQueryAsync();
    }
}
