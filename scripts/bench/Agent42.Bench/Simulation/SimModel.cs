namespace Agent42.Bench.Simulation;

/// <summary>
/// A model of a simulated world: its catalog key, its context window (which orders the built-in default), and how
/// many tokens a run of it takes: a base per iteration times a heavy-tailed factor when the world has one
/// (lognormal with <paramref name="TokenSigma"/>, or Pareto with <paramref name="ParetoAlpha"/>; 0 for neither).
/// </summary>
internal sealed record SimModel(string Key, int ContextLength, int BaseTokens, double TokenSigma = 0, double ParetoAlpha = 0);
