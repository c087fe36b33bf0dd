using Agent42.Core.Models.Catalog;

namespace Agent42.Core.Models.Providers;

/// <summary>
/// Which models are cooling down after a failed call, so the router skips them and falls back. A cooldown is never
/// a judgement of the model at the task: it only says "not now". Thread-safe; time comes from the
/// <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Pool and account cooldowns reach every key starting with <c>or-free-</c>; other keys (local models) only ever
/// cool down on their own. A <c>Retry-After</c> longer than the default below wins. A new cooldown never shortens
/// one already running in the same scope.
/// A model's own 429 with no <c>Retry-After</c> ("rate-limited upstream") waits a minute, doubled on repeats up to
/// five: such 429s are as often one-offs of a busy provider as a limit that lasts, and a flat five minutes took a
/// model whose 429s were one-offs (a third of its calls) off the road for most of the time (the routing simulation's
/// holdout-one-off-429s world: 1.27x textbook Thompson's regret, 0.50x with the backoff), while a limit that lasts
/// still ends up at five minutes after three repeats.
/// </remarks>
internal sealed class ModelCooldowns(TimeProvider time)
{
    public static readonly TimeSpan PoolDefault = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan ModelRateLimitFirst = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan ModelRateLimitCap = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan NoToolsMark = TimeSpan.FromHours(24);
    public static readonly TimeSpan GoneOrNoCredits = TimeSpan.FromHours(1);
    public static readonly TimeSpan TransientFirst = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan TransientCap = TimeSpan.FromMinutes(30);

    /// <summary>The wait when the quota reset the server named has already passed, yet it still refused.</summary>
    private static readonly TimeSpan StaleResetWait = TimeSpan.FromSeconds(60);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, CooldownState> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Streak> _transientStreaks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Streak> _limitStreaks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _noTools = new(StringComparer.Ordinal);
    private CooldownState? _shared;

    /// <summary>
    /// Starts the cooldown a failure calls for and returns it, or returns null when the failure says nothing about
    /// the model (<see cref="ModelFailureKind.BadRequest"/>, <see cref="ModelFailureKind.Unauthorized"/>).
    /// </summary>
    public CooldownState? Record(string modelKey, ModelCallException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var now = time.GetUtcNow();
        lock (_lock)
        {
            switch (failure.Kind)
            {
                case ModelFailureKind.AccountQuota:
                    return Shared(new CooldownState(failure.Kind, CooldownScope.Account, Later(QuotaReset(failure.ResetAt, now), now, failure.RetryAfter)));
                case ModelFailureKind.PoolRateLimit:
                    return Shared(new CooldownState(failure.Kind, CooldownScope.Pool, Later(now + PoolDefault, now, failure.RetryAfter)));
                case ModelFailureKind.ModelRateLimit:
                    return Model(modelKey, failure.Kind, Later(now + Backoff(_limitStreaks, modelKey, now, ModelRateLimitFirst, ModelRateLimitCap), now, failure.RetryAfter));
                case ModelFailureKind.NoToolSupport:
                    _noTools[modelKey] = now + NoToolsMark;
                    return new CooldownState(failure.Kind, CooldownScope.Model, now + NoToolsMark);
                case ModelFailureKind.ModelGone or ModelFailureKind.NoCredits:
                    return Model(modelKey, failure.Kind, Later(now + GoneOrNoCredits, now, failure.RetryAfter));
                case ModelFailureKind.ServerError or ModelFailureKind.Timeout or ModelFailureKind.Unreachable or ModelFailureKind.Malformed:
                    return Model(modelKey, failure.Kind, Later(now + Backoff(_transientStreaks, modelKey, now, TransientFirst, TransientCap), now, failure.RetryAfter));
                default:
                    return null;
            }
        }
    }

    /// <summary>A call succeeded: the model's own cooldown and its streaks of transient failures and rate limits end. The no-tools mark stays, as a call without tools proves nothing about them.</summary>
    public void RecordSuccess(string modelKey)
    {
        lock (_lock)
        {
            _models.Remove(modelKey);
            _transientStreaks.Remove(modelKey);
            _limitStreaks.Remove(modelKey);
        }
    }

    /// <summary>Null when the model may be called now; otherwise the cooldown that ends last.</summary>
    /// <param name="modelKey">The model's key.</param>
    /// <param name="usesTools">Whether the task sends tools, so a no-tools mark counts.</param>
    public CooldownState? Check(string modelKey, bool usesTools)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            CooldownState? blocking = null;
            if (_shared is { } shared && shared.Until > now && IsFree(modelKey))
            {
                blocking = shared;
            }

            if (_models.TryGetValue(modelKey, out var own) && own.Until > now && (blocking is null || own.Until > blocking.Until))
            {
                blocking = own;
            }

            if (usesTools && _noTools.TryGetValue(modelKey, out var noToolsUntil) && noToolsUntil > now && (blocking is null || noToolsUntil > blocking.Until))
            {
                blocking = new CooldownState(ModelFailureKind.NoToolSupport, CooldownScope.Model, noToolsUntil);
            }

            return blocking;
        }
    }

    /// <summary>
    /// Whether no model is cooling down now, so a caller about to ask for many models (a routing decision) may ask once
    /// instead of once per model. O(models that ever cooled down).
    /// </summary>
    public bool NoneActive()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_shared is { } shared && shared.Until > now)
            {
                return false;
            }

            foreach (var state in _models.Values)
            {
                if (state.Until > now)
                {
                    return false;
                }
            }

            foreach (var until in _noTools.Values)
            {
                if (until > now)
                {
                    return false;
                }
            }

            return true;
        }
    }

    private static bool IsFree(string modelKey) => modelKey.StartsWith(ModelKeys.FreePrefix, StringComparison.Ordinal);

    private static DateTimeOffset Later(DateTimeOffset until, DateTimeOffset now, TimeSpan? retryAfter) =>
        retryAfter is { } wait && now + wait > until ? now + wait : until;

    /// <summary>The named reset; a stale one means a short wait; none means the next UTC midnight (free-model days are UTC).</summary>
    private static DateTimeOffset QuotaReset(DateTimeOffset? resetAt, DateTimeOffset now) => resetAt switch
    {
        { } reset when reset > now => reset,
        not null => now + StaleResetWait,
        null => new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero),
    };

    private CooldownState Shared(CooldownState state)
    {
        if (_shared is null || _shared.Until <= state.Until || _shared.Until <= time.GetUtcNow())
        {
            _shared = state;
        }

        return _shared;
    }

    private CooldownState Model(string modelKey, ModelFailureKind kind, DateTimeOffset until)
    {
        if (_models.TryGetValue(modelKey, out var running) && running.Until >= until)
        {
            return running;
        }

        return _models[modelKey] = new CooldownState(kind, CooldownScope.Model, until);
    }

    /// <summary>
    /// The first wait, doubled for each repeat up to the cap. A failure is a repeat when it comes before the previous
    /// cooldown's end plus its length again: a model that fails as soon as it is allowed back waits longer, and one
    /// whose failures are far apart starts over.
    /// </summary>
    private static TimeSpan Backoff(Dictionary<string, Streak> streaks, string modelKey, DateTimeOffset now, TimeSpan first, TimeSpan cap)
    {
        var length = streaks.TryGetValue(modelKey, out var streak) && now < streak.Until + streak.Length
            ? TimeSpan.FromTicks(Math.Min(streak.Length.Ticks * 2, cap.Ticks))
            : first;
        streaks[modelKey] = new Streak(length, now + length);
        return length;
    }

    private sealed record Streak(TimeSpan Length, DateTimeOffset Until);
}
