using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing.Files;
using Agent42.Core.Routing.Learning;
using Agent42.Sdk;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Routing;

/// <summary>
/// Routes a task type, in the documented order: an admin override (<c>AGENT42_&lt;TYPE&gt;_MODEL</c>, <c>_CRITIC</c>,
/// <c>_MAX_ITER</c>, read at use) always wins; else the learned routing in <c>dynamic_routing.json</c>; else the
/// built-in defaults (free models with tool support, largest context first). Then eligibility: a model that is
/// missing or paid, lacks tool support, has too small a context for the task, or is cooling down is skipped for the
/// next eligible one, and the decision says so. Outside an admin override, another eligible model may take the task on
/// trial (Thompson sampling over all of them, under the <c>MODEL_TRIAL_PERCENTAGE</c> cap on what exploring costs; see
/// <see cref="TrialSelector"/>).
/// </summary>
internal sealed class ModelRouter(IConfiguration configuration, RoutingFileStore store, ModelCooldowns cooldowns, RoutingOptions options)
{
    private readonly TrialSelector _trials = new(cooldowns, options);

    /// <param name="minContext">Tokens the task needs from the context window (the runner estimates it from the prompt and tools); null when unknown.</param>
    /// <param name="allowTrial">False to leave trials out: what a task gets when no trial takes it, as the routing commands show.</param>
    public RoutingDecision Route(TaskType type, ProviderRegistry registry, OutcomeStats outcomes, Random random, bool usesTools = true,
        Func<string, double?>? prior = null, int? minContext = null, bool allowTrial = true)
    {
        var wire = TaskTypeNames.WireName(type);
        var variable = "AGENT42_" + wire.ToUpperInvariant();
        var skipped = new List<string>();
        var defaults = registry.Routable(requireTools: usesTools, minContext: null).Select(m => m.Key).ToList();

        RoutingLayer layer;
        Func<string> reason;
        List<string> order;
        string? criticKey = null;
        var maxIterations = TaskTypeDefaults.MaxIterations(type);
        if (configuration[variable + "_MODEL"] is { Length: > 0 } admin)
        {
            layer = RoutingLayer.Admin;
            reason = () => $"{variable}_MODEL is set";
            // Named by key or by provider id, as --model takes it; by key from here on, so it is one model in the order.
            var adminKey = KeyOf(registry, admin);
            order = [adminKey, .. defaults.Where(k => k != adminKey)];
            criticKey = configuration[variable + "_CRITIC"] is { Length: > 0 } c ? KeyOf(registry, c) : null;
            if (int.TryParse(configuration[variable + "_MAX_ITER"], out var max) && max > 0)
            {
                maxIterations = max;
            }
        }
        else if (store.Current()?.Routing.GetValueOrDefault(wire) is { } learned)
        {
            layer = RoutingLayer.Dynamic;
            reason = () => $"learned: best of the proven models ({learned.SampleSize} outcomes, confidence {learned.Confidence:0.00})";
            order = [learned.Primary, .. learned.Fallbacks ?? [], .. defaults];
            criticKey = learned.Critic;
            maxIterations = learned.MaxIterations > 0 ? learned.MaxIterations : maxIterations;
        }
        else
        {
            layer = RoutingLayer.Default;
            reason = () => "built-in default: free, supports tools, largest context first";
            order = defaults;
        }

        var primary = Eligible(order.Distinct(StringComparer.Ordinal), registry, usesTools, minContext, allowUnknown: layer == RoutingLayer.Admin, skipped);
        if (primary.Count == 0)
        {
            throw new RoutingException($"no eligible model for {wire}: {(skipped.Count == 0 ? "the catalog has none with tool support; run 'agent42 models sync'" : string.Join("; ", skipped))}");
        }

        var isTrial = false;
        var fallbackLayer = layer;
        if (allowTrial && layer != RoutingLayer.Admin && _trials.Candidate(type, primary[0], registry, outcomes, random, usesTools, minContext, prior ?? (_ => null)) is { } trial)
        {
            primary = [trial.Candidate, .. primary.Where(c => c.Key != trial.Candidate.Key)];
            (layer, reason, isTrial) = (RoutingLayer.Trial, trial.Reason, true);
        }

        var criticOrder = criticKey is null ? order : [criticKey, .. order];
        // By resolved key: a critic named by provider id is still the primary, and never its own critic while another model is eligible.
        var critics = Eligible(criticOrder.Distinct(StringComparer.Ordinal), registry, usesTools: false,
            minContext, allowUnknown: layer == RoutingLayer.Admin, []).Where(c => c.Key != primary[0].Key).ToList();
        if (critics.Count == 0)
        {
            critics = [primary[0]];
        }

        return new RoutingDecision(type, layer, reason, primary, critics, maxIterations, isTrial, skipped, fallbackLayer: fallbackLayer);
    }

    /// <summary>
    /// The explicit layer, for a model the user names with <c>--model</c> (a key or a provider id): that model alone as
    /// primary, whatever its eligibility, and the routable tool-capable models as critics, the named one last.
    /// </summary>
    public static RoutingDecision Explicit(TaskType type, ProviderRegistry registry, string requested)
    {
        // A model the registry does not know is taken as a provider id as it is: a local server's model name.
        var match = registry.Resolve(requested);
        var candidate = match is null ? new ModelCandidate(requested, requested) : new ModelCandidate(match.Key, match.ProviderModelId);
        var critics = registry.Routable(requireTools: true, minContext: null)
            .Select(m => new ModelCandidate(m.Key, m.ProviderModelId))
            .Where(c => c.Key != candidate.Key)
            .Append(candidate)
            .ToList();
        return new RoutingDecision(type, RoutingLayer.Explicit, () => "--model", [candidate], critics, TaskTypeDefaults.MaxIterations(type), isTrial: false,
            skipped: [], criticReason: "the next available model, as a second opinion");
    }

    private static string KeyOf(ProviderRegistry registry, string keyOrId) => registry.Resolve(keyOrId)?.Key ?? keyOrId.Trim();

    private List<ModelCandidate> Eligible(IEnumerable<string> keys, ProviderRegistry registry, bool usesTools, int? minContext, bool allowUnknown,
        List<string> skipped)
    {
        var eligible = new List<ModelCandidate>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var model = registry.Resolve(key);
            // Once per model: a list may name one by its key and by its provider id.
            if (!seen.Add(model?.Key ?? key))
            {
                continue;
            }

            if (model is null)
            {
                if (allowUnknown)
                {
                    eligible.Add(new ModelCandidate(key, key));
                }
                else
                {
                    skipped.Add($"{key}: not in the catalog");
                }

                continue;
            }

            if (!model.IsRoutable)
            {
                skipped.Add($"{model.Key}: missing from the catalog or no longer free");
            }
            else if (usesTools && !model.SupportsTools)
            {
                skipped.Add($"{model.Key}: no tool support");
            }
            else if (!model.Fits(minContext))
            {
                skipped.Add($"{model.Key}: its context of {model.ContextLength} tokens is under the {minContext} this task needs");
            }
            else if (cooldowns.Check(model.Key, usesTools) is { } cooling)
            {
                skipped.Add($"{model.Key}: cooling down after {cooling.Reason} until {cooling.Until:HH:mm:ss}");
            }
            else
            {
                eligible.Add(new ModelCandidate(model.Key, model.ProviderModelId));
            }
        }

        return eligible;
    }

    /// <summary>
    /// Each eligible model's share of the next task of the type, from a fixed-seed Monte Carlo of the decision, with
    /// its posterior; for <c>routing explain</c>.
    /// </summary>
    public IReadOnlyList<(string Key, Posterior Posterior, double Share)> Chances(TaskType type, string incumbentKey, ProviderRegistry registry,
        OutcomeStats outcomes, bool usesTools, Func<string, double?> prior) =>
        _trials.Chances(type, incumbentKey, registry, outcomes, usesTools, prior);
}
