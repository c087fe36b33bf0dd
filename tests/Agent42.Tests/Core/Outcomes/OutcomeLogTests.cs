using Agent42.Core.Outcomes;
using Agent42.Core.Routing;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Outcomes;

public sealed class OutcomeLogTests
{
    private const string Good = """{"task_id":"t1","task_type":"coding","model_key":"or-free-a","success":true,"iterations":2,"max_iterations":8,"critic_score":0.7,"prompt_tokens":100,"completion_tokens":20,"latency_ms":900,"recorded_at":"2026-05-01T00:00:00+00:00","trial":true}""";

    [Test]
    public void ATruncatedOrGarbageLine_IsSkippedAndReportedWithItsNumber_TheRestCount()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("outcomes.jsonl", Good + "\n" + "not json\n" + Good.Replace("coding", "poetry", StringComparison.Ordinal) + "\n" + Good + "\n" + Good[..40]);

        var (outcomes, skipped) = OutcomeLog.Read(path);

        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Has.Count.EqualTo(2));
            Assert.That(outcomes[0].IsTrial, Is.True);
            Assert.That(outcomes[0].CriticScore, Is.EqualTo(0.7));
            Assert.That(skipped, Is.EqualTo(new[]
            {
                "outcomes.jsonl line 2: not a complete outcome record",
                "outcomes.jsonl line 3: unknown task type 'poetry'",
                "outcomes.jsonl line 5: not a complete outcome record",
            }));
        });
    }

    [Test]
    public void AMissingLog_IsEmpty()
    {
        Assert.That(OutcomeLog.Read("/no/such/outcomes.jsonl").Outcomes, Is.Empty);
    }
}
