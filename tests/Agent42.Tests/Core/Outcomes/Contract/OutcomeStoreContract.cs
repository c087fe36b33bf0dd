using Agent42.Core.Agent;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing.Learning;
using Agent42.Sdk;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Outcomes.Contract;

/// <summary>
/// What every outcome store promises, run against each (the log file, PostgreSQL): appends kept in order and whole,
/// positions a follower can trust, concurrent writers of separate "processes" losing nothing and never overtaking a
/// follower, and a tally that equals a fresh whole read (restart-exact).
/// </summary>
internal abstract class OutcomeStoreContract
{
    /// <summary>A fresh, empty store.</summary>
    protected abstract Task<IOutcomeStore> CreateAsync();

    /// <summary>Another handle on the same store, as a second process would open it (its own writer, its own pool).</summary>
    protected abstract IOutcomeStore SecondProcess();

    /// <summary>Puts an entry that is not an outcome into the store, as a hand edit or a bug would.</summary>
    protected abstract Task AddGarbageAsync();

    protected static OutcomeRecord Outcome(int n) => RunOutcome.Record(new AgentRunResult($"t-{n}", "task",
        n % 3 == 0 ? TaskType.Debugging : TaskType.Coding, "answer", n % 4 != 1, "approved", $"or-free-m{n % 5}", null, 1 + (n % 3), 8,
        n % 7 == 0 ? null : n * 0.137 % 1, 100 + (n * 37 % 900), 20 + (n * 11 % 300), TimeSpan.FromMilliseconds(100 + n), 0,
        new Dictionary<ModelFailureKind, int>(), []), DateTimeOffset.UnixEpoch.AddSeconds(n));

    [Test]
    public async Task Appends_ReadBackWhole_InOrder_AndEqualToWhatWasAppended()
    {
        var sut = await CreateAsync();
        for (var n = 0; n < 5; n++)
        {
            await sut.AppendAsync(Outcome(n), CancellationToken.None);
        }

        var (outcomes, skipped) = sut.ReadAll();

        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Is.EqualTo(Enumerable.Range(0, 5).Select(Outcome)));
            Assert.That(skipped, Is.Empty);
        });
    }

    [Test]
    public async Task EachAppendStartsWhereThePreviousEnded_AndReadingFromItsEndGivesOnlyLaterOnes()
    {
        var sut = await CreateAsync();
        var first = await sut.AppendAsync(Outcome(0), CancellationToken.None);
        var second = await sut.AppendAsync(Outcome(1), CancellationToken.None);
        await SecondProcess().AppendAsync(Outcome(2), CancellationToken.None);

        var fromFirst = sut.ReadFrom(first.LengthAfter)!;
        var fromEnd = sut.ReadFrom(fromFirst.End)!;

        Assert.Multiple(() =>
        {
            Assert.That(first.LengthBefore, Is.Zero);
            Assert.That(second.LengthBefore, Is.EqualTo(first.LengthAfter));
            Assert.That(fromFirst.Outcomes.Select(o => o.TaskId), Is.EqualTo(new[] { "t-1", "t-2" }));
            Assert.That(fromEnd.Outcomes, Is.Empty);
            Assert.That(fromEnd.End, Is.EqualTo(fromFirst.End));
            Assert.That(sut.ReadFrom(0)!.Outcomes, Has.Count.EqualTo(3));
        });
    }

    [Test]
    public async Task AnEmptyStore_ReadsEmpty_AndAPositionPastItsEndAsksForAFreshRead()
    {
        var sut = await CreateAsync();

        Assert.Multiple(() =>
        {
            Assert.That(sut.ReadAll().Outcomes, Is.Empty);
            Assert.That(sut.ReadFrom(0)!.Outcomes, Is.Empty);
            Assert.That(sut.ReadFrom(1_000_000), Is.Null);
        });
    }

    [Test]
    public async Task AnEntryThatIsNotAnOutcome_IsSkippedAndNamed_TheRestCount()
    {
        var sut = await CreateAsync();
        await sut.AppendAsync(Outcome(0), CancellationToken.None);
        await AddGarbageAsync();
        await sut.AppendAsync(Outcome(1), CancellationToken.None);

        var (outcomes, skipped) = sut.ReadAll();

        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Select(o => o.TaskId), Is.EqualTo(new[] { "t-0", "t-1" }));
            Assert.That(skipped, Has.Count.EqualTo(1));
            Assert.That(sut.ReadFrom(0)!.Outcomes, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task TwoProcessesAppendingAtOnce_LoseNothing_AndAFollowerReadingAlongMissesNoneAndCountsNoneTwice()
    {
        var sut = await CreateAsync();
        var other = SecondProcess();
        const int Each = 60;
        var seen = new List<string>();
        var done = 0;
        var follower = Task.Run(() =>
        {
            // Reads from where it ended, over and over, while both write: a row committed behind one already seen would be missed.
            long position = 0;
            while (Volatile.Read(ref done) == 0)
            {
                var batch = sut.ReadFrom(position)!;
                seen.AddRange(batch.Outcomes.Select(o => o.TaskId));
                position = batch.End;
            }

            seen.AddRange(sut.ReadFrom(position)!.Outcomes.Select(o => o.TaskId));
        });
        var writers = new[] { sut, other }.Select((store, w) => Task.Run(async () =>
        {
            await Task.WhenAll(Enumerable.Range(0, Each).Select(n => Task.Run(() => store.AppendAsync(Outcome((w * Each) + n), CancellationToken.None))));
        })).ToArray();
        await Task.WhenAll(writers);
        Volatile.Write(ref done, 1);
        await follower;

        var all = sut.ReadAll().Outcomes.Select(o => o.TaskId).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(all, Has.Length.EqualTo(2 * Each));
            Assert.That(all, Is.Unique);
            Assert.That(all, Is.EquivalentTo(Enumerable.Range(0, 2 * Each).Select(n => $"t-{n}")));
            Assert.That(seen, Is.EqualTo(all), "the follower saw every outcome once, in store order");
        });
    }

    [Test]
    public async Task TheRoutersSums_FollowingOwnAndOtherProcessesAppends_EqualAFreshWholeRead()
    {
        var sut = await CreateAsync();
        var other = SecondProcess();
        var follower = new OutcomeLogFollower<OutcomeStats>(sut, new FakeTimeProvider(DateTimeOffset.UnixEpoch), OutcomeStats.From);
        follower.Current();

        var tasks = Enumerable.Range(0, 80).Select(n => Task.Run(async () =>
        {
            if (n % 3 == 0)
            {
                await other.AppendAsync(Outcome(n), CancellationToken.None);
            }
            else
            {
                follower.Take(await sut.AppendAsync(Outcome(n), CancellationToken.None));
            }

            follower.Current();
        })).ToArray();
        await Task.WhenAll(tasks);
        var followed = follower.Current();
        // A process started now, on the same store: the same outcomes must give the same sums, to the last bit.
        var restarted = OutcomeStats.From(SecondProcess().ReadAll().Outcomes);

        Assert.Multiple(() =>
        {
            Assert.That(followed.Count, Is.EqualTo(80));
            Assert.That(restarted.Count, Is.EqualTo(80));
            foreach (var type in Enum.GetValues<TaskType>())
            {
                Assert.That(followed.Totals(type), Is.EqualTo(restarted.Totals(type)), type.ToString());
                Assert.That(followed.Ranks(type, _ => null, 5), Is.EqualTo(restarted.Ranks(type, _ => null, 5)), type.ToString());
            }
        });
    }

    [Test]
    public async Task CancelledBeforeTheStoreTakesIt_AppendsNothing()
    {
        var sut = await CreateAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.CatchAsync<OperationCanceledException>(() => sut.AppendAsync(Outcome(0), cancelled.Token));
        Assert.That(sut.ReadAll().Outcomes, Is.Empty);
    }
}
