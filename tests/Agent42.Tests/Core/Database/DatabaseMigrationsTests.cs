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
    public async Task Migrate_WhenALaterStepFails_LeavesTheDatabaseAsItWas()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();
        await using var database = test.Open();
        await using var connection = await database.OpenUncheckedAsync();
        DatabaseMigration[] migrations = [.. DatabaseMigrations.All, new(DatabaseMigrations.Latest + 1, "broken", "CREATE TABLE agent42_x (id int); SELECT no_such_function()")];

        var error = Assert.ThrowsAsync<DatabaseUnavailableException>(() => DatabaseMigrations.MigrateAsync(connection, database, migrations));

        Assert.That(error!.Message, Does.Contain($"migration {DatabaseMigrations.Latest + 1} (broken) failed, nothing was changed").And.Contain("no_such_function"));
        await using var fresh = await test.ConnectAsync();
        Assert.That(await DatabaseMigrations.CurrentVersionAsync(fresh), Is.Zero, "the earlier steps were rolled back with it");
        Assert.That(await test.ScalarAsync("SELECT to_regclass('agent42_outcomes') IS NULL"), Is.True);
    }

    [Test]
    public async Task Open_WithAWrongPassword_SaysSoInOneLineWithoutIt()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();
        var url = await test.OwnerUrlAsync("the-right-one");
        await using var database = new Agent42Database(DatabaseTarget.Parse(url.Replace("the-right-one", "Wr0ng-Pa55", StringComparison.Ordinal), PostgresTestDatabase.ConnectTimeoutSeconds, 30));

        var error = Assert.ThrowsAsync<DatabaseUnavailableException>(async () => await (await database.OpenAsync()).DisposeAsync());

        Assert.That(error!.Message, Does.Contain($"database '{test.Name}'").And.Contain("refused the password").And.Not.Contain("Wr0ng-Pa55").And.Not.Contain("\n"));
    }

    [Test]
    public async Task Open_OnAMissingDatabase_SaysToCreateIt()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();
        // As the database's own role, whose password is like nothing else in the message.
        var url = (await test.OwnerUrlAsync("distinct-Pa55")).Replace("/" + test.Name + "?", "/" + test.Name + "_missing?", StringComparison.Ordinal);
        await using var database = new Agent42Database(DatabaseTarget.Parse(url, PostgresTestDatabase.ConnectTimeoutSeconds, 30));

        var error = Assert.ThrowsAsync<DatabaseUnavailableException>(async () => await (await database.OpenAsync()).DisposeAsync());

        Assert.That(error!.Message, Does.Contain("does not exist").And.Contain($"createdb {test.Name}_missing"));
    }

    [Test]
    public void Migrations_AreNumberedOneToLatestWithoutGaps() =>
        Assert.That(DatabaseMigrations.All.Select(m => m.Version), Is.EqualTo(Enumerable.Range(1, DatabaseMigrations.All.Count)));
}
