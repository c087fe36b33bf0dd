namespace Agent42.Bench.Simulation;

/// <summary>From task <paramref name="FromTask"/> on, the catalog lists the models whose flag is set (by model index).</summary>
internal sealed record CatalogStep(int FromTask, bool[] Listed);
