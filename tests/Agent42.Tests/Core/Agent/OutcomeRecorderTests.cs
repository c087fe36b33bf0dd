using Agent42.Core.Agent;
using Agent42.Core.Models.Providers;
using Agent42.Core.Routing;
using Agent42.Sdk;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Agent;

public sealed class OutcomeRecorderTests
{
    private static AgentRunResult Result(int n) => new($"t-{n}", "task", TaskType.Coding, "answer", n % 2 == 0, "approved", $"or-free-m{n % 3}",
        "or-free-critic", 1, 8, 0.5, 100, 20, TimeSpan.FromMilliseconds(250), 0,
        new Dictionary<ModelFailureKind, int> { [ModelFailureKind.PoolRateLimit] = 1 }, []);

    [Test]
    public async Task ManyTasksRecordingAtOnce_LoseNothing_AndEveryLineReadsBack()
    {
        using var dir = new TempDirectory();
        var sut = new OutcomeRecorder(dir.Path, TimeProvider.System);

        var recorded = await Task.WhenAll(Enumerable.Range(0, 64).Select(n => Task.Run(() => sut.RecordAsync(Result(n), CancellationToken.None))));

        var (outcomes, skipped) = OutcomeLog.Read(sut.OutcomePath);
        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Has.Count.EqualTo(64));
            Assert.That(skipped, Is.Empty);
            Assert.That(outcomes.Select(o => o.TaskId), Is.EquivalentTo(recorded.Select(r => r.Outcome.TaskId)));
            Assert.That(Directory.GetFiles(dir.Combine(OutcomeRecorder.ReflectionFolder)), Has.Length.EqualTo(64));
            Assert.That(outcomes.Count(o => o.Success), Is.EqualTo(32), "a rate limit on the way is not a failed task");
        });
    }
}
