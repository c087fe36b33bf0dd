using System.Text.Json.Serialization;
using Agent42.Core.Routing.Learning;

namespace Agent42.Core.Routing.Files;

/// <summary>One model on one task type.</summary>
internal sealed record PerformanceRow(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("samples")] int Samples,
    [property: JsonPropertyName("success_rate")] double SuccessRate,
    [property: JsonPropertyName("iteration_efficiency")] double IterationEfficiency,
    [property: JsonPropertyName("critic_score")] double? CriticScore,
    [property: JsonPropertyName("token_efficiency")] double TokenEfficiency,
    [property: JsonPropertyName("composite")] double Composite,
    [property: JsonPropertyName("prior")] double Prior,
    [property: JsonPropertyName("prior_weight")] double PriorWeight,
    [property: JsonPropertyName("prior_source")] string PriorSource,
    [property: JsonPropertyName("posterior_mean")] double PosteriorMean,
    [property: JsonPropertyName("posterior_sd")] double PosteriorStdDev)
{
    public static PerformanceRow From(ModelRank rank) => new(rank.ModelKey, rank.Samples, Round(rank.SuccessRate), Round(rank.IterationEfficiency),
        rank.CriticScore is { } c ? Round(c) : null, Round(rank.TokenEfficiency), Round(rank.Composite), Round(rank.Prior.Mean),
        Round(rank.Prior.Weight), rank.Prior.Source,
        Round(rank.PosteriorMean), Round(rank.PosteriorStdDev));

    private static double Round(double value) => Math.Round(value, 4);
}
