namespace Agent42.Core.Routing;

/// <summary>
/// How a decision narrows its pool before it draws: a model whose mean plus <see cref="UpperZ"/> standard deviations is
/// below the best mean less <see cref="LowerZ"/> of its own cannot win a draw; a newcomer is promising while its held
/// posterior puts the best mean within <see cref="PromisingZ"/> (before its first run) or <see cref="StillPromisingZ"/>
/// (after) of its standard deviations. See <see cref="TrialSelector"/>.
/// </summary>
internal readonly record struct PruneRule(double UpperZ, double LowerZ, double PromisingZ, double StillPromisingZ);
