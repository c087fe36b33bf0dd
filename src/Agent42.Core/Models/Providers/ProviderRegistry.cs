using Agent42.Core.Models.Catalog;

namespace Agent42.Core.Models.Providers;

/// <summary>
/// Every model Agent42 can name: the catalog's known free models, then any extra (local) models. Models that
/// vanished or turned paid still resolve, so their history and a clear "not routable" can be shown, but are never
/// routed to.
/// </summary>
internal sealed class ProviderRegistry
{
    private readonly List<RegisteredModel> _models = [];
    private readonly Dictionary<string, RegisteredModel> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RegisteredModel> _byId = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];

    // The registry does not change once built, so each ordering of the routable models is computed once.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(bool RequireTools, int? MinContext), RegisteredModel[]> _routable = new();

    public ProviderRegistry(IEnumerable<KnownModel> catalog, IEnumerable<RegisteredModel> extra)
    {
        foreach (var known in catalog)
        {
            Add(new RegisteredModel(known.Key, known.Id, known.ContextLength, known.Tier, known.SupportsTools, known.SupportsReasoning, known.IsRoutable));
        }

        foreach (var model in extra)
        {
            Add(model);
        }
    }

    /// <summary>All models, catalog first, in registration order.</summary>
    public IReadOnlyList<RegisteredModel> All => _models;

    /// <summary>Extra models that were skipped because their key or id was already taken.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>The catalog's models plus the local ones named in <c>AGENT42_LOCAL_MODELS</c>; the variable's problems are kept in <see cref="Problems"/>.</summary>
    public static ProviderRegistry Create(IEnumerable<KnownModel> catalog, string? localModels)
    {
        var local = LocalModels.Parse(localModels);
        var registry = new ProviderRegistry(catalog, local.Models);
        registry._problems.InsertRange(0, local.Problems);
        return registry;
    }

    /// <summary>
    /// The model with exactly this key or, failing that, exactly this provider id (e.g. <c>qwen/qwen3-coder:free</c>);
    /// null otherwise. Never a partial match: a wrong guess at a model is worse than a clear "unknown model".
    /// </summary>
    public RegisteredModel? Resolve(string keyOrId)
    {
        var name = keyOrId.Trim();
        return _byKey.GetValueOrDefault(name) ?? _byId.GetValueOrDefault(name);
    }

    /// <summary>Whether <paramref name="keyOrId"/> names one of OpenRouter's free models, whose requests count toward the free daily limit.</summary>
    public bool IsFree(string keyOrId) => Resolve(keyOrId)?.Tier == RegisteredModel.FreeTier;

    /// <summary>
    /// The models that may be routed to, best default first: tool support, then the larger context window (unknown
    /// last), then the key; those that fit <paramref name="minContext"/> (see <see cref="RegisteredModel.Fits"/>).
    /// </summary>
    public IReadOnlyList<RegisteredModel> Routable(bool requireTools, int? minContext) =>
        // Only the lists without a context need are kept: a registry lives until the catalog changes, and every task
        // brings a context need of its own, so keeping those would grow with every task.
        minContext is null
            ? _routable.GetOrAdd((requireTools, null), key => Filter(key.RequireTools, key.MinContext))
            : Filter(requireTools, minContext);

    private RegisteredModel[] Filter(bool requireTools, int? minContext) => _models
        .Where(m => m.IsRoutable && (!requireTools || m.SupportsTools) && m.Fits(minContext))
        .OrderByDescending(m => m.SupportsTools)
        .ThenByDescending(m => m.ContextLength ?? -1)
        .ThenBy(m => m.Key, StringComparer.Ordinal)
        .ToArray();

    private void Add(RegisteredModel model)
    {
        if (_byKey.ContainsKey(model.Key))
        {
            _problems.Add($"model '{model.Key}' skipped: the key is already registered");
            return;
        }

        if (_byId.TryGetValue(model.ProviderModelId, out var owner))
        {
            _problems.Add($"model '{model.Key}' skipped: provider id '{model.ProviderModelId}' already belongs to '{owner.Key}'");
            return;
        }

        _models.Add(model);
        _byKey.Add(model.Key, model);
        _byId.Add(model.ProviderModelId, model);
    }
}
