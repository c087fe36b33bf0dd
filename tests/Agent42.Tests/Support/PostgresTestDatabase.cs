using System.Globalization;
using Agent42.Core.Database;
using Npgsql;

namespace Agent42.Tests.Support;

/// <summary>
/// A fresh PostgreSQL database for one test (or fixture), dropped on dispose. The server comes from
/// <c>AGENT42_TEST_DATABASE_URL</c> (a URL or keyword string of a role that may CREATE DATABASE). Without it the test
/// is skipped with the reason, so README's test command needs only the .NET SDK; with
/// <c>AGENT42_TEST_REQUIRE_POSTGRES=1</c> (CI) it fails instead.
/// </summary>
internal sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string ServerVariable = "AGENT42_TEST_DATABASE_URL";
    public const string RequireVariable = "AGENT42_TEST_REQUIRE_POSTGRES";

    /// <summary>
    /// Generous, for tests only: on a loaded machine a new backend and its SCRAM login can take seconds, and a test of
    /// what a database does must not fail on how long connecting took. Tests that run agent42 against a test database
    /// get it through <see cref="Url"/>.
    /// </summary>
    public const int ConnectTimeoutSeconds = 60;

    private readonly NpgsqlConnectionStringBuilder _server;
    private string? _owner;

    private PostgresTestDatabase(NpgsqlConnectionStringBuilder server, string name)
    {
        _server = server;
        Name = name;
        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name };
        ConnectionString = builder.ConnectionString;
        Url = string.Create(CultureInfo.InvariantCulture,
            $"postgres://{Uri.EscapeDataString(builder.Username ?? string.Empty)}:{Uri.EscapeDataString(builder.Password ?? string.Empty)}@{(builder.Host!.Contains(':') ? $"[{builder.Host}]" : builder.Host)}:{builder.Port}/{name}?connect_timeout={ConnectTimeoutSeconds}");
    }

    /// <summary>The database's name, <c>agent42_test_</c> and random hex.</summary>
    public string Name { get; }

    /// <summary>
    /// A <c>postgres://</c> URL of the database, password included: what a test sets as <c>AGENT42_DATABASE_URL</c>. It
    /// carries the tests' generous connect time-out, so agent42 processes started on it get that too.
    /// </summary>
    public string Url { get; }

    /// <summary>The same as an Npgsql keyword connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>The parsed target, as Agent42 builds it from <see cref="Url"/>.</summary>
    public DatabaseTarget Target() => DatabaseTarget.Parse(Url, ConnectTimeoutSeconds, commandTimeoutSeconds: 60);

    /// <summary>An <see cref="Agent42Database"/> on this database (the caller disposes it).</summary>
    public Agent42Database Open() => new(Target());

    /// <summary>The server's URL from the environment, or skips (fails under <c>AGENT42_TEST_REQUIRE_POSTGRES=1</c>).</summary>
    public static string ServerUrlOrSkip()
    {
        var url = Environment.GetEnvironmentVariable(ServerVariable);
        if (!string.IsNullOrWhiteSpace(url))
        {
            return url;
        }

        var message = $"no PostgreSQL for tests: set {ServerVariable} (e.g. postgres://agent42:agent42@127.0.0.1:5432/postgres) to run this test";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            Assert.Fail($"{RequireVariable}=1: {message}");
        }

        Assert.Ignore(message);
        return url!;
    }

    /// <summary>Creates a fresh empty database on the test server, or skips the test when there is none.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var server = DatabaseTarget.Parse(ServerUrlOrSkip(), ConnectTimeoutSeconds, commandTimeoutSeconds: 60);
        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Pooling = false };
        var name = "agent42_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return new PostgresTestDatabase(builder, name);
    }

    /// <summary>A connection to the test database itself (no Agent42 schema check), for a test's own queries.</summary>
    public async Task<NpgsqlConnection> ConnectAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        return connection;
    }

    /// <summary>
    /// A URL of this database as a new login role that owns it, with <paramref name="password"/>: for tests that must
    /// tell the password apart from everything else printed (the server's own role may be named like its password).
    /// The role is dropped with the database.
    /// </summary>
    public async Task<string> OwnerUrlAsync(string password)
    {
        _owner = Name + "_owner";
        await using (var connection = new NpgsqlConnection(_server.ConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var role = new NpgsqlCommand($"CREATE ROLE {_owner} LOGIN PASSWORD '{password.Replace("'", "''", StringComparison.Ordinal)}'", connection);
            await role.ExecuteNonQueryAsync().ConfigureAwait(false);
            await using var owner = new NpgsqlCommand($"ALTER DATABASE {Name} OWNER TO {_owner}", connection);
            await owner.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"postgres://{_owner}:{Uri.EscapeDataString(password)}@{(_server.Host!.Contains(':') ? $"[{_server.Host}]" : _server.Host)}:{_server.Port}/{Name}?connect_timeout={ConnectTimeoutSeconds}");
    }

    /// <summary>Runs one statement on the test database and returns the first column of the first row.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await ConnectAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync().ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    public async ValueTask DisposeAsync()
    {
        // Pools of the test's Agent42Database may still hold connections: FORCE ends them (PostgreSQL 13+).
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server.ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
        if (_owner is not null)
        {
            await using var role = new NpgsqlCommand($"DROP ROLE IF EXISTS {_owner}", connection);
            await role.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }
}
