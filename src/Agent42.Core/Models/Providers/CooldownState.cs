namespace Agent42.Core.Models.Providers;

/// <summary>Why a model may not be called now, how widely, and until when.</summary>
/// <param name="Reason">The failure that started the cooldown.</param>
/// <param name="Scope">Whether it holds for this model, the free pool, or the whole account.</param>
/// <param name="Until">When the model may be tried again.</param>
internal sealed record CooldownState(ModelFailureKind Reason, CooldownScope Scope, DateTimeOffset Until);
