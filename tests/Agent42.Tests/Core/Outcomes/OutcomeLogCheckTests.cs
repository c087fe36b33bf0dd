using Agent42.Core.Outcomes;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Outcomes;

/// <summary>The outcome log's cached count of unreadable lines follows what another process appends or repairs.</summary>
public sealed class OutcomeLogCheckTests
{
    private const string Good = """{"task_id":"t1","task_type":"coding","model_key":"or-free-a","success":true,"iterations":2,"max_iterations":8,"critic_score":0.7,"prompt_tokens":100,"completion_tokens":20,"latency_ms":900,"recorded_at":"2026-05-01T00:00:00+00:00","trial":true}""";

    [Test]
    public void AnotherWritersAppend_IsCountedAtOnce_NotHiddenByTheCache()
    {
        using var dir = new TempDirectory();
        var log = dir.Write("outcomes.jsonl", Good + "\nnot json\n");
        var first = new OutcomeLogCheck(log).Check().Single().What;

        // As another process would: appended behind this one's back, then counted by a fresh check (a new command).
        File.AppendAllText(log, "garbage\n" + Good + "\n");
        var second = new OutcomeLogCheck(log).Check().Single().What;

        File.WriteAllText(log, Good + "\n");
        var repaired = new OutcomeLogCheck(log).Check();

        Assert.Multiple(() =>
        {
            Assert.That(first, Does.StartWith("1 line of the outcome log cannot be read"));
            Assert.That(second, Does.StartWith("2 lines of the outcome log cannot be read"));
            Assert.That(repaired, Is.Empty);
        });
    }

    [Test]
    public void ADamagedCache_IsOnlyACache_TheCountIsRight()
    {
        using var dir = new TempDirectory();
        var log = dir.Write("outcomes.jsonl", Good + "\nnot json\n");
        var check = new OutcomeLogCheck(log);
        _ = check.Check().ToList();
        File.WriteAllText(check.CachePath, "\0\0garbage\n-5\n");

        Assert.That(new OutcomeLogCheck(log).Check().Single().What, Does.StartWith("1 line of the outcome log cannot be read"));
    }
}
