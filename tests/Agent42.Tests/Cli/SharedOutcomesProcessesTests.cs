using Agent42.Core.Outcomes;
using Agent42.Tests.Core.Models.Catalog;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

/// <summary>
/// Two real <c>agent42</c> processes with separate data directories (two machines, as far as they can tell) sharing
/// one PostgreSQL database: each ranks the outcomes both recorded. Skipped without <c>AGENT42_TEST_DATABASE_URL</c>.
/// </summary>
[TestFixture]
[NonParallelizable]
internal sealed class SharedOutcomesProcessesTests
{
    private const string Answer = "APPROVED\nSCORE: 0.9";

    [Test]
    public async Task OutcomesRecordedByEitherMachine_AreRankedByBoth_AndEachWritesItsOwnRoutingFile()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var server = await FakeOpenRouter.StartAsync();
        for (var i = 0; i < 6; i++)
        {
            server.ChatAnswers.Enqueue(ScriptedAnswer.Text(Answer));
        }

        using var first = new TempDirectory();
        using var second = new TempDirectory();
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["OPENROUTER_BASE_URL"] = server.BaseUrl,
            ["OPENROUTER_API_KEY"] = "sk-test",
            ["AGENT42_DATABASE_URL"] = database.Url,
        };
        Task<CliProcessOutcome> Agent42(TempDirectory machine, params string[] args) =>
            Agent42Process.RunAsync(machine.Path, environment, TimeSpan.FromMinutes(3), args);

        var runs = await Task.WhenAll(
            Agent42(first, "run", "write a haiku about logs", "--type", "content"),
            Agent42(second, "run", "write a haiku about logs", "--type", "content"),
            Agent42(second, "run", "write a haiku about logs", "--type", "content"));
        var rerankFirst = await Agent42(first, "routing", "rerank");
        var rerankSecond = await Agent42(second, "routing", "rerank");

        Assert.Multiple(() =>
        {
            Assert.That(runs.Select(r => r.ExitCode), Has.All.Zero, string.Join("\n---\n", runs.Select(r => r.Error)));
            Assert.That(rerankFirst.ExitCode, Is.Zero, rerankFirst.Error);
            Assert.That(rerankFirst.Out, Does.Contain("reranked 3 outcomes"));
            Assert.That(rerankSecond.Out, Does.Contain("reranked 3 outcomes"));
            Assert.That(File.Exists(first.Combine("data", OutcomeRecorder.OutcomeLog)), Is.False, "the outcomes are in the database");
            Assert.That(File.Exists(first.Combine("data", "dynamic_routing.json")), Is.True, "the routing file is each machine's own");
            Assert.That(File.Exists(second.Combine("data", "dynamic_routing.json")), Is.True);
        });
        Assert.That(await database.ScalarAsync("SELECT count(*) FROM agent42_outcomes"), Is.EqualTo(3L));
    }

    [Test]
    public async Task AnUnreachableDatabase_IsOneLineWithoutThePassword_AndNoFilesAreWrittenInstead()
    {
        using var machine = new TempDirectory();
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["AGENT42_DATABASE_URL"] = "postgres://agent42:s3cret-pw@127.0.0.1:1/agent42",
        };

        var rerank = await Agent42Process.RunAsync(machine.Path, environment, TimeSpan.FromMinutes(2), "routing", "rerank");

        Assert.Multiple(() =>
        {
            Assert.That(rerank.ExitCode, Is.Not.Zero);
            Assert.That(rerank.Error, Does.Contain("127.0.0.1:1"));
            Assert.That(rerank.Error, Does.Not.Contain("s3cret-pw"));
            Assert.That(File.Exists(machine.Combine("data", OutcomeRecorder.OutcomeLog)), Is.False);
        });
    }
}
