using Agent42.Core.Database;
using Agent42.Core.Tasks;
using Agent42.Tests.Core.Tasks;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Database;

/// <summary>The task store contract on a fresh PostgreSQL database (skipped without AGENT42_TEST_DATABASE_URL).</summary>
[TestFixture]
internal sealed class PostgresTaskStoreContractTests : TaskStoreContract
{
    private PostgresTestDatabase? _test;
    private readonly List<Agent42Database> _opened = [];

    [SetUp]
    public async Task CreateDatabaseAsync() => _test = await PostgresTestDatabase.CreateAsync();

    [TearDown]
    public async Task DropDatabaseAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }

        if (_test is not null)
        {
            await _test.DisposeAsync();
        }
    }

    /// <summary>Each store has a pool of its own, as each process would.</summary>
    protected override ITaskStore CreateStore(TimeProvider time)
    {
        var database = _test!.Open();
        _opened.Add(database);
        return new PostgresTaskStore(database, time);
    }
}
