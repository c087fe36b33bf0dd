using Agent42.Core.Database;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Database;

/// <summary>The versioned schema against a real PostgreSQL (skipped without AGENT42_TEST_DATABASE_URL).</summary>
[TestFixture]
internal sealed class DatabaseMigrationsTests
{
    [Test]
    public async Task Migrate_OnAnEmptyDatabase_CreatesTheContractTablesAndRecordsTheVersion()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();
        await using var database = test.Open();
        await using var connection = await database.OpenUncheckedAsync();

        var (from, applied) = await DatabaseMigrations.MigrateAsync(connection, database);

        Assert.That(from, Is.Zero);
        Assert.That(applied.Select(m => m.Version), Is.EqualTo(DatabaseMigrations.All.Select(m => m.Version)));
        Assert.That(await DatabaseMigrations.CurrentVersionAsync(connection), Is.EqualTo(DatabaseMigrations.Latest));
        Assert.That(await test.ScalarAsync("SELECT count(*) FROM agent42_outcomes"), Is.Zero);
        Assert.That(await test.ScalarAsync("SELECT count(*) FROM agent42_tasks"), Is.Zero);
        Assert.That(await test.ScalarAsync("SELECT count(*) FROM pg_indexes WHERE indexname = 'agent42_tasks_ready'"), Is.EqualTo(1));
    }

    [Test]
    public async Task Migrate_Twice_AppliesNothingTheSecondTime()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();
        await using var database = test.Open();
        await using var connection = await database.OpenUncheckedAsync();
        await DatabaseMigrations.MigrateAsync(connection, database);

        var (from, applied) = await DatabaseMigrations.MigrateAsync(connection, database);

        Assert.That(from, Is.EqualTo(DatabaseMigrations.Latest));
        Assert.That(applied, Is.Empty);
        Assert.That(await test.ScalarAsync("SELECT count(*) FROM agent42_schema_version"), Is.EqualTo(DatabaseMigrations.All.Count));
    }

    [Test]
    public async Task Open_OnAnEmptyDatabase_SetsTheSchemaUpOnFirstUse()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();
        await using var database = test.Open();

        await using (await database.OpenAsync())
        {
        }

        Assert.That(await test.ScalarAsync("SELECT max(version) FROM agent42_schema_version"), Is.EqualTo(DatabaseMigrations.Latest));
    }

    [Test]
    public async Task Open_OnANewerSchema_IsRefusedWithTheVersionsAndNoPassword()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();
        await using (var database = test.Open())
        await using (var connection = await database.OpenUncheckedAsync())
        {
            await DatabaseMigrations.MigrateAsync(connection, database);
        }

        var newer = DatabaseMigrations.Latest + 1;
        await test.ScalarAsync($"INSERT INTO agent42_schema_version (version, description) VALUES ({newer}, 'from the future')");
        await using var fresh = test.Open();

        var opening = Assert.ThrowsAsync<DatabaseUnavailableException>(async () => await (await fresh.OpenAsync()).DisposeAsync());
        var migrating = Assert.ThrowsAsync<DatabaseUnavailableException>(async () =>
        {
            await using var connection = await fresh.OpenUncheckedAsync();
            await DatabaseMigrations.MigrateAsync(connection, fresh);
        });

        foreach (var error in new[] { opening!, migrating! })
        {
            Assert.That(error.Message, Does.Contain($"version {newer}").And.Contain($"({DatabaseMigrations.Latest})").And.Contain("upgrade Agent42"));
            Assert.That(error.Message, Does.Not.Contain("\n"));
        }

        Assert.That(await test.ScalarAsync("SELECT count(*) FROM agent42_schema_version"), Is.EqualTo(DatabaseMigrations.All.Count + 1), "nothing was changed");
    }

    [Test]
    public void Migrations_AreNumberedOneToLatestWithoutGaps() =>
        Assert.That(DatabaseMigrations.All.Select(m => m.Version), Is.EqualTo(Enumerable.Range(1, DatabaseMigrations.All.Count)));
}
