using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Routing;

/// <summary>How the learned routing is computed and how much traffic new models get.</summary>
internal sealed class RoutingOptions
{
    /// <summary>Where the learned routing is written (relative paths under the data directory).</summary>
    [ConfigurationKeyName("MODEL_ROUTING_FILE")]
    public string RoutingFile { get; set; } = "dynamic_routing.json";

    /// <summary>Outcomes a model needs on a task type before it is ranked there.</summary>
    [ConfigurationKeyName("MODEL_MIN_TRIALS")]
    [Range(1, 1000, ErrorMessage = "MODEL_MIN_TRIALS must be between 1 and 1000")]
    public int MinTrials { get; set; } = 5;

    /// <summary>
    /// The cap on what exploring may cost a task type: this percentage of its tasks at a shortfall of
    /// <see cref="TrialSelector.ShortfallPerTrial"/> each, counted as the posterior means' shortfall of each model tried.
    /// </summary>
    [ConfigurationKeyName("MODEL_TRIAL_PERCENTAGE")]
    [Range(0, 100, ErrorMessage = "MODEL_TRIAL_PERCENTAGE must be between 0 and 100")]
    public double TrialPercentage { get; set; } = 10;

    /// <summary>How many outcomes a research score is worth as a prior (bound here only: research gathers scores, routing weighs them).</summary>
    [ConfigurationKeyName("MODEL_RESEARCH_PRIOR_WEIGHT")]
    [Range(0, 1000, ErrorMessage = "MODEL_RESEARCH_PRIOR_WEIGHT must be between 0 and 1000")]
    public double PriorWeight { get; set; } = 5;

    /// <summary>
    /// Seeds the routing's random draws, so the same log and the same seed give the same sequence of decisions (to
    /// reproduce one); unset, each process draws from a fresh seed. Every process started with it draws the same
    /// numbers, so it is for reproducing, not for everyday use.
    /// </summary>
    [ConfigurationKeyName("AGENT42_ROUTING_SEED")]
    public int? Seed { get; set; }

    /// <summary>Rerank after this many new outcomes.</summary>
    [ConfigurationKeyName("MODEL_RERANK_EVERY_TASKS")]
    [Range(1, 100_000, ErrorMessage = "MODEL_RERANK_EVERY_TASKS must be between 1 and 100000")]
    public int RerankEveryTasks { get; set; } = 10;

    /// <summary>Rerank at least this often while the host runs.</summary>
    [ConfigurationKeyName("MODEL_RERANK_INTERVAL_MINUTES")]
    [Range(1, 100_000, ErrorMessage = "MODEL_RERANK_INTERVAL_MINUTES must be between 1 and 100000")]
    public int RerankIntervalMinutes { get; set; } = 60;
}
