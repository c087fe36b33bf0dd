using Agent42.Core.Models.Providers;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Models.Providers;

public sealed class ModelCooldownsTests
{
    private const string Coder = "or-free-qwen3-coder";
    private const string Other = "or-free-deepseek-r1";
    private const string Local = "local-llama";

    private static readonly DateTimeOffset Start = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);

    private ModelCooldowns CreateSut() => new(_time);

    private static ModelCallException Failure(ModelFailureKind kind, TimeSpan? retryAfter = null, DateTimeOffset? resetAt = null) =>
        new(kind, kind.ToString(), retryAfter: retryAfter, resetAt: resetAt);

    [Test]
    public void AnUntouchedModel_IsUsable()
    {
        Assert.That(CreateSut().Check(Coder, usesTools: true), Is.Null);
    }

    [Test]
    public void AccountQuota_StopsEveryFreeModelUntilTheReset_ButNotLocalModels()
    {
        var sut = CreateSut();
        var reset = Start.AddHours(3);

        sut.Record(Coder, Failure(ModelFailureKind.AccountQuota, resetAt: reset));

        Assert.Multiple(() =>
        {
            Assert.That(sut.Check(Other, false), Is.EqualTo(new CooldownState(ModelFailureKind.AccountQuota, CooldownScope.Account, reset)));
            Assert.That(sut.Check(Coder, false)?.Scope, Is.EqualTo(CooldownScope.Account));
            Assert.That(sut.Check(Local, true), Is.Null);
        });
        _time.Advance(TimeSpan.FromHours(3));
        Assert.That(sut.Check(Other, false), Is.Null);
    }

    [Test]
    public void AccountQuota_WithoutAReset_LastsUntilTheNextUtcMidnight()
    {
        var sut = CreateSut();

        var state = sut.Record(Coder, Failure(ModelFailureKind.AccountQuota));

        Assert.That(state?.Until, Is.EqualTo(new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void AccountQuota_WithAResetAlreadyPast_WaitsAMinuteRatherThanAllDay()
    {
        var state = CreateSut().Record(Coder, Failure(ModelFailureKind.AccountQuota, resetAt: Start.AddMinutes(-5)));

        Assert.That(state?.Until, Is.EqualTo(Start.AddSeconds(60)));
    }

    [Test]
    public void PoolRateLimit_CoolsEveryFreeModelForAMinute_ThenExpires()
    {
        var sut = CreateSut();

        sut.Record(Coder, Failure(ModelFailureKind.PoolRateLimit));

        Assert.Multiple(() =>
        {
            Assert.That(sut.Check(Other, false), Is.EqualTo(new CooldownState(ModelFailureKind.PoolRateLimit, CooldownScope.Pool, Start.AddSeconds(60))));
            Assert.That(sut.Check(Local, false), Is.Null);
        });
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.That(sut.Check(Other, false), Is.Not.Null);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(sut.Check(Other, false), Is.Null);
    }

    [Test]
    public void PoolRateLimit_DoesNotShortenARunningAccountCooldown()
    {
        var sut = CreateSut();
        sut.Record(Coder, Failure(ModelFailureKind.AccountQuota, resetAt: Start.AddHours(2)));

        sut.Record(Coder, Failure(ModelFailureKind.PoolRateLimit));

        Assert.That(sut.Check(Other, false)?.Scope, Is.EqualTo(CooldownScope.Account));
    }

    [Test]
    public void ModelRateLimit_WithoutRetryAfter_CoolsOnlyThatModelForAMinuteAtFirst()
    {
        var sut = CreateSut();

        sut.Record(Coder, Failure(ModelFailureKind.ModelRateLimit));

        Assert.Multiple(() =>
        {
            Assert.That(sut.Check(Coder, false), Is.EqualTo(new CooldownState(ModelFailureKind.ModelRateLimit, CooldownScope.Model, Start.AddMinutes(1))));
            Assert.That(sut.Check(Other, false), Is.Null);
        });
    }

    [Test]
    public void ModelRateLimit_RepeatedAsSoonAsTheModelIsBack_DoublesUpToFiveMinutes()
    {
        var sut = CreateSut();
        var lengths = new List<double>();

        for (var i = 0; i < 5; i++)
        {
            var state = sut.Record(Coder, Failure(ModelFailureKind.ModelRateLimit))!;
            lengths.Add((state.Until - _time.GetUtcNow()).TotalMinutes);
            _time.SetUtcNow(state.Until);
        }

        Assert.That(lengths, Is.EqualTo(new[] { 1, 2, 4, 5, 5 }));
    }

    [Test]
    public void ModelRateLimit_OneOffsFarApartOrAfterASuccess_StartOverAtAMinute()
    {
        var sut = CreateSut();
        sut.Record(Coder, Failure(ModelFailureKind.ModelRateLimit));
        _time.Advance(TimeSpan.FromMinutes(1));
        sut.Record(Coder, Failure(ModelFailureKind.ModelRateLimit));
        sut.RecordSuccess(Coder);
        var afterSuccess = sut.Record(Coder, Failure(ModelFailureKind.ModelRateLimit))!;
        _time.Advance(TimeSpan.FromMinutes(3));
        var afterQuiet = sut.Record(Coder, Failure(ModelFailureKind.ModelRateLimit))!;

        Assert.Multiple(() =>
        {
            Assert.That(afterSuccess.Until, Is.EqualTo(Start.AddMinutes(1 + 1)));
            Assert.That(afterQuiet.Until, Is.EqualTo(Start.AddMinutes(1 + 3 + 1)));
        });
    }

    [Test]
    public void ModelRateLimit_AndTransientFailures_KeepStreaksOfTheirOwn()
    {
        var sut = CreateSut();
        sut.Record(Coder, Failure(ModelFailureKind.ServerError));
        _time.SetUtcNow(Start.AddMinutes(2));

        // Straight after a two-minute transient cooldown: the first 429 of a streak, not a repeat of the failures.
        var rateLimit = sut.Record(Coder, Failure(ModelFailureKind.ModelRateLimit))!;
        _time.SetUtcNow(rateLimit.Until);
        var transient = sut.Record(Coder, Failure(ModelFailureKind.ServerError))!;

        Assert.Multiple(() =>
        {
            Assert.That(rateLimit.Until, Is.EqualTo(Start.AddMinutes(2 + 1)));
            // The server error's streak went on under the 429: its repeat within four minutes doubles to four.
            Assert.That(transient.Until, Is.EqualTo(Start.AddMinutes(2 + 1 + 4)));
        });
    }

    [TestCase(ModelFailureKind.PoolRateLimit, 60)]
    [TestCase(ModelFailureKind.ModelRateLimit, 60)]
    [TestCase(ModelFailureKind.ModelGone, 3600)]
    [TestCase(ModelFailureKind.ServerError, 120)]
    public void RetryAfter_LongerThanTheDefault_Wins_AndAShorterOneDoesNot(object boxedKind, int defaultSeconds)
    {
        // object because the kind is internal.
        var kind = (ModelFailureKind)boxedKind;
        var longer = CreateSut().Record(Coder, Failure(kind, retryAfter: TimeSpan.FromSeconds(defaultSeconds + 30)));
        var shorter = CreateSut().Record(Coder, Failure(kind, retryAfter: TimeSpan.FromSeconds(1)));

        Assert.Multiple(() =>
        {
            Assert.That(longer?.Until, Is.EqualTo(Start.AddSeconds(defaultSeconds + 30)));
            Assert.That(shorter?.Until, Is.EqualTo(Start.AddSeconds(defaultSeconds)));
        });
    }

    [Test]
    public void RetryAfter_PastTheQuotaReset_Wins()
    {
        var state = CreateSut().Record(Coder, Failure(ModelFailureKind.AccountQuota, TimeSpan.FromHours(2), Start.AddHours(1)));

        Assert.That(state?.Until, Is.EqualTo(Start.AddHours(2)));
    }

    [Test]
    public void NoToolSupport_BlocksOnlyTasksWithTools_ForADay()
    {
        var sut = CreateSut();

        sut.Record(Coder, Failure(ModelFailureKind.NoToolSupport));

        Assert.Multiple(() =>
        {
            Assert.That(sut.Check(Coder, usesTools: true), Is.EqualTo(new CooldownState(ModelFailureKind.NoToolSupport, CooldownScope.Model, Start.AddHours(24))));
            Assert.That(sut.Check(Coder, usesTools: false), Is.Null);
        });
        _time.Advance(TimeSpan.FromHours(24));
        Assert.That(sut.Check(Coder, usesTools: true), Is.Null);
    }

    [Test]
    public void NoToolsMark_SurvivesASuccess()
    {
        var sut = CreateSut();
        sut.Record(Coder, Failure(ModelFailureKind.NoToolSupport));

        sut.RecordSuccess(Coder);

        Assert.That(sut.Check(Coder, usesTools: true)?.Reason, Is.EqualTo(ModelFailureKind.NoToolSupport));
    }

    [TestCase(ModelFailureKind.ModelGone)]
    [TestCase(ModelFailureKind.NoCredits)]
    public void GoneOrNoCredits_CoolsThatModelForAnHour(object boxedKind)
    {
        // object because the kind is internal.
        var kind = (ModelFailureKind)boxedKind;
        var sut = CreateSut();

        sut.Record(Coder, Failure(kind));

        Assert.Multiple(() =>
        {
            Assert.That(sut.Check(Coder, false), Is.EqualTo(new CooldownState(kind, CooldownScope.Model, Start.AddHours(1))));
            Assert.That(sut.Check(Other, false), Is.Null);
        });
    }

    [TestCase(ModelFailureKind.ServerError)]
    [TestCase(ModelFailureKind.Timeout)]
    [TestCase(ModelFailureKind.Unreachable)]
    [TestCase(ModelFailureKind.Malformed)]
    public void TransientFailures_CoolForTwoMinutes_DoublingOnRepeats_CappedAtThirty(object boxedKind)
    {
        // object because the kind is internal.
        var kind = (ModelFailureKind)boxedKind;
        var sut = CreateSut();
        var lengths = new List<double>();

        for (var i = 0; i < 6; i++)
        {
            var state = sut.Record(Local, Failure(kind))!;
            lengths.Add((state.Until - _time.GetUtcNow()).TotalMinutes);
            _time.SetUtcNow(state.Until);
        }

        Assert.That(lengths, Is.EqualTo(new[] { 2, 4, 8, 16, 30, 30 }));
    }

    [Test]
    public void TransientFailures_StartOverAfterASuccess()
    {
        var sut = CreateSut();
        sut.Record(Coder, Failure(ModelFailureKind.Timeout));
        sut.Record(Coder, Failure(ModelFailureKind.Timeout));

        sut.RecordSuccess(Coder);
        var next = sut.Record(Coder, Failure(ModelFailureKind.Timeout));

        Assert.That(next?.Until, Is.EqualTo(Start.AddMinutes(2)));
    }

    [Test]
    public void TransientFailures_StartOverWhenTheModelStayedQuietLongEnough()
    {
        var sut = CreateSut();
        sut.Record(Coder, Failure(ModelFailureKind.ServerError));

        _time.Advance(TimeSpan.FromMinutes(4));
        var next = sut.Record(Coder, Failure(ModelFailureKind.ServerError));

        Assert.That(next?.Until, Is.EqualTo(Start.AddMinutes(4 + 2)));
    }

    [Test]
    public void ASuccess_EndsTheModelsOwnCooldown()
    {
        var sut = CreateSut();
        sut.Record(Coder, Failure(ModelFailureKind.ModelRateLimit));

        sut.RecordSuccess(Coder);

        Assert.That(sut.Check(Coder, false), Is.Null);
    }

    [TestCase(ModelFailureKind.BadRequest)]
    [TestCase(ModelFailureKind.Unauthorized)]
    public void RequestOrKeyFailures_CoolNothing(object boxedKind)
    {
        // object because the kind is internal.
        var kind = (ModelFailureKind)boxedKind;
        var sut = CreateSut();

        var state = sut.Record(Coder, Failure(kind));

        Assert.Multiple(() =>
        {
            Assert.That(state, Is.Null);
            Assert.That(sut.Check(Coder, true), Is.Null);
        });
    }

    [Test]
    public void ModelCooldowns_ApplyToNonFreeKeysToo()
    {
        var sut = CreateSut();

        sut.Record(Local, Failure(ModelFailureKind.Unreachable));

        Assert.That(sut.Check(Local, false)?.Scope, Is.EqualTo(CooldownScope.Model));
    }

    [Test]
    public void Check_ReportsTheCooldownThatEndsLast()
    {
        var sut = CreateSut();
        sut.Record(Coder, Failure(ModelFailureKind.ModelGone));
        sut.Record(Other, Failure(ModelFailureKind.PoolRateLimit));

        Assert.That(sut.Check(Coder, false)?.Reason, Is.EqualTo(ModelFailureKind.ModelGone));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.That(sut.Check(Coder, false), Is.Null);
    }

    [Test]
    public void ConcurrentRecordsAndChecks_DoNotCorruptTheState()
    {
        var sut = CreateSut();

        Parallel.For(0, 2000, i =>
        {
            var key = $"or-free-m{i % 17}";
            sut.Record(key, Failure((ModelFailureKind)(i % 12)));
            sut.Check(key, i % 2 == 0);
            if (i % 5 == 0)
            {
                sut.RecordSuccess(key);
            }
        });

        Assert.That(sut.Check("or-free-never-seen", false)?.Scope, Is.EqualTo(CooldownScope.Account));
    }
}
