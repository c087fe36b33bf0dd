namespace Agent42.Core.Models.Providers;

/// <summary>How far a cooldown reaches.</summary>
internal enum CooldownScope
{
    /// <summary>One model only.</summary>
    Model,

    /// <summary>Every free model: the per-minute pool limit.</summary>
    Pool,

    /// <summary>Every free model: the account's daily quota.</summary>
    Account,
}
