using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Agent42.Core.Database;
using Agent42.Tests.Core.Models.Catalog;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

/// <summary>
/// <c>agent42 db migrate | status</c>, and every state command with <c>AGENT42_DATABASE_URL</c> set but unusable:
/// one line naming the database, exit 4, and never the files store in its place.
/// </summary>
[TestFixture]
internal sealed class DbCommandTests : IAsyncDisposable
{
    private const string Secret = "Pa55-w0rd-never-printed";
    private readonly CliRun _cli = new();
    private FakeOpenRouter? _server;

    public DbCommandTests() =>
        _cli.Environment["AGENT42_DATABASE_CONNECT_TIMEOUT_SECONDS"] = PostgresTestDatabase.ConnectTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _cli.Dispose();
    }

    [TestCase("status")]
    [TestCase("migrate")]
    public async Task Db_WithoutTheUrl_SaysTheFilesStoreIsInUse_Exit2(string sub)
    {
        var outcome = await _cli.RunAsync("db", sub);

        Assert.That(outcome.ExitCode, Is.EqualTo(2), outcome.Error);
        Assert.That(outcome.Error, Does.Contain("AGENT42_DATABASE_URL is not set").And.Contain("files store is in use").And.Contain(_cli.Directory.Combine("data")));
    }

    [Test]
    public async Task Status_OnAFreshDatabase_ShowsVersionZeroAndWhatIsPending_WithoutThePassword()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();
        _cli.Environment["AGENT42_DATABASE_URL"] = await test.OwnerUrlAsync(Secret + "@:/?%");

        var text = await _cli.RunAsync("db", "status");
        var json = await _cli.RunAsync("db", "status", "--json");

        Assert.That(text.ExitCode, Is.Zero, text.Error);
        Assert.That(text.Out, Does.Contain("reachable: yes").And.Contain($"version 0 (this Agent42: {DatabaseMigrations.Latest}): run 'agent42 db migrate'").And.Contain("1 (outcome log and task queue)"));
        Assert.That(text.Out, Does.Contain(":***@").And.Contain(test.Name));
        Assert.That(text.Out + text.Error + json.Out + json.Error, Does.Not.Contain(Secret));
        using var doc = JsonDocument.Parse(json.Out);
        var root = doc.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("store").GetString(), Is.EqualTo("postgres"));
            Assert.That(root.GetProperty("reachable").GetBoolean(), Is.True);
            Assert.That(root.GetProperty("error").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(root.GetProperty("schema_version").GetInt32(), Is.Zero);
            Assert.That(root.GetProperty("latest_version").GetInt32(), Is.EqualTo(DatabaseMigrations.Latest));
            Assert.That(root.GetProperty("pending").GetArrayLength(), Is.EqualTo(DatabaseMigrations.All.Count));
            Assert.That(root.GetProperty("outcomes").ValueKind, Is.EqualTo(JsonValueKind.Null), "no table yet");
        });
    }

    [Test]
    public async Task Migrate_ThenStatus_IsUpToDateWithRowCounts()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();
        _cli.Environment["AGENT42_DATABASE_URL"] = test.Url;

        var first = await _cli.RunAsync("db", "migrate");
        var second = await _cli.RunAsync("db", "migrate");
        await test.ScalarAsync("INSERT INTO agent42_outcomes (recorded_at, task_type, model_key, line) VALUES (now(), 'coding', 'm', '{}')");
        var status = await _cli.RunAsync("db", "status", "--json");

        Assert.That(first.ExitCode, Is.Zero, first.Error);
        Assert.That(first.Out, Does.Contain($"schema migrated from version 0 to {DatabaseMigrations.Latest}").And.Contain("applied 1: outcome log and task queue"));
        Assert.That(second.Out, Does.Contain("up to date; nothing to do"));
        using var doc = JsonDocument.Parse(status.Out);
        Assert.That(doc.RootElement.GetProperty("schema_version").GetInt32(), Is.EqualTo(DatabaseMigrations.Latest));
        Assert.That(doc.RootElement.GetProperty("pending").GetArrayLength(), Is.Zero);
        Assert.That(doc.RootElement.GetProperty("outcomes").GetInt64(), Is.EqualTo(1));
        Assert.That(doc.RootElement.GetProperty("tasks").GetInt64(), Is.Zero);
    }

    [Test]
    public async Task NewerSchema_IsRefusedByStatusMigrateAndRun_Exit4()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();
        _cli.Environment["AGENT42_DATABASE_URL"] = test.Url;
        Assert.That((await _cli.RunAsync("db", "migrate")).ExitCode, Is.Zero);
        await test.ScalarAsync($"INSERT INTO agent42_schema_version (version, description) VALUES ({DatabaseMigrations.Latest + 1}, 'from a newer agent42')");
        var server = await StartServerAsync();

        var status = await _cli.RunAsync("db", "status");
        var migrate = await _cli.RunAsync("db", "migrate");
        var run = await _cli.RunAsync("run", "say hi", "--type", "content");

        Assert.That(status.ExitCode, Is.EqualTo(4));
        Assert.That(status.Out, Does.Contain("newer than this Agent42 knows"));
        foreach (var refused in new[] { migrate, run })
        {
            Assert.That(refused.ExitCode, Is.EqualTo(4), refused.Error);
            Assert.That(refused.Error, Does.Contain($"version {DatabaseMigrations.Latest + 1}, newer than this Agent42 knows").And.Contain("upgrade Agent42"));
        }

        Assert.That(server.ChatRequests, Is.Empty, "no model was called");
    }

    [Test]
    public async Task ServerDown_StatusSaysUnreachable_Exit4_OneLineWithoutThePassword()
    {
        _cli.Environment["AGENT42_DATABASE_URL"] = $"postgres://agent42:{Secret}@127.0.0.1:{ClosedPort()}/fleet";

        var text = await _cli.RunAsync("db", "status");
        var json = await _cli.RunAsync("db", "status", "--json");
        var migrate = await _cli.RunAsync("db", "migrate");

        Assert.That(text.ExitCode, Is.EqualTo(4));
        Assert.That(text.Out, Does.Contain("reachable: no: database 127.0.0.1:").And.Contain("database 'fleet', user 'agent42'").And.Contain("connection refused"));
        using var doc = JsonDocument.Parse(json.Out);
        Assert.That(doc.RootElement.GetProperty("reachable").GetBoolean(), Is.False);
        Assert.That(doc.RootElement.GetProperty("schema_version").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(migrate.ExitCode, Is.EqualTo(4));
        Assert.That(migrate.Error.TrimEnd(), Does.Not.Contain("\n").And.Contain("connection refused"));
        Assert.That(text.Out + text.Error + json.Out + json.Error + migrate.Out + migrate.Error, Does.Not.Contain(Secret));
    }

    [TestCase("run", "say hi", "--type", "content")]
    [TestCase("routing", "show")]
    [TestCase("routing", "rerank")]
    [TestCase("tasks", "list")]
    [TestCase("tasks", "add", "write the docs", "--type", "documentation")]
    [TestCase("tasks", "work", "--once")]
    public async Task StateCommand_WithTheServerDown_FailsWithTheOneLineError_AndNeverUsesTheFiles(params string[] args)
    {
        var server = await StartServerAsync();
        _cli.Environment["AGENT42_DATABASE_URL"] = $"postgres://agent42:{Secret}@127.0.0.1:{ClosedPort()}/fleet";

        var outcome = await _cli.RunAsync(args);

        Assert.That(outcome.ExitCode, Is.EqualTo(4), outcome.Error);
        Assert.That(outcome.Error.TrimEnd(), Does.StartWith("error: database 127.0.0.1:").And.Contain("connection refused").And.Not.Contain("\n").And.Not.Contain(Secret));
        Assert.That(outcome.Out, Is.Empty);
        Assert.That(server.ChatRequests, Is.Empty, "no model was called");
        Assert.That(_cli.Directory.Combine("data", "outcomes.jsonl"), Does.Not.Exist);
        Assert.That(_cli.Directory.Combine("data", "dynamic_routing.json"), Does.Not.Exist);
        Assert.That(_cli.Directory.Combine("data", "tasks.json"), Does.Not.Exist);
    }

    [TestCase("run", "say hi")]
    [TestCase("routing", "show")]
    [TestCase("db", "status")]
    public async Task MalformedUrl_FailsWithTheOneLineError_WithoutThePassword(params string[] args)
    {
        _cli.Environment["AGENT42_DATABASE_URL"] = $"postgres://agent42:{Secret}@db.example:54x2/fleet";

        var outcome = await _cli.RunAsync(args);

        Assert.That(outcome.ExitCode, Is.EqualTo(2), outcome.Error);
        Assert.That(outcome.Error.TrimEnd(), Is.EqualTo("error: AGENT42_DATABASE_URL the port '54x2' is not a number from 1 to 65535"));
        Assert.That(_cli.Directory.Combine("data", "outcomes.jsonl"), Does.Not.Exist);
    }

    [Test]
    public async Task Migrate_FromTwoProcessesAtOnce_AppliesEachMigrationOnce()
    {
        await using var test = await PostgresTestDatabase.CreateAsync();
        var environment = new Dictionary<string, string?>
        {
            ["AGENT42_DATABASE_URL"] = test.Url,
            ["AGENT42_DATABASE_CONNECT_TIMEOUT_SECONDS"] = PostgresTestDatabase.ConnectTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        using var first = new TempDirectory();
        using var second = new TempDirectory();

        var both = await Task.WhenAll(
            Agent42Process.RunAsync(first.Path, environment, null, "db", "migrate"),
            Agent42Process.RunAsync(second.Path, environment, null, "db", "migrate"));

        Assert.That(both.Select(o => o.ExitCode), Is.All.Zero, string.Join("\n", both.Select(o => o.Error)));
        Assert.That(both.Count(o => o.Out.Contains("schema migrated from version 0", StringComparison.Ordinal)), Is.EqualTo(1), string.Join("\n", both.Select(o => o.Out)));
        Assert.That(await test.ScalarAsync("SELECT count(*) FROM agent42_schema_version"), Is.EqualTo(DatabaseMigrations.All.Count));
        Assert.That(await test.ScalarAsync("SELECT count(*) FROM agent42_outcomes"), Is.Zero);
    }

    private async Task<FakeOpenRouter> StartServerAsync()
    {
        _server = await FakeOpenRouter.StartAsync();
        _cli.Environment["OPENROUTER_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["OPENROUTER_API_KEY"] = "sk-test";
        return _server;
    }

    /// <summary>A port on 127.0.0.1 nothing listens on: one the kernel just handed out and that was closed again.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
