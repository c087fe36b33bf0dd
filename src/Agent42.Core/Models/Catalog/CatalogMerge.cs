namespace Agent42.Core.Models.Catalog;

/// <summary>
/// Folds a fetched catalog into the known models: new free models get a key, models that vanished or turned
/// paid are marked (with the date) and kept, models that came back are available again.
/// </summary>
internal static class CatalogMerge
{
    public static (IReadOnlyList<KnownModel> Models, CatalogChanges Changes) Apply(
        IReadOnlyList<KnownModel> known, IReadOnlyList<CatalogModel> fetched, DateTimeOffset now)
    {
        var byId = fetched.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        List<string> added = [], vanished = [], turnedPaid = [], returned = [];
        var merged = new List<KnownModel>(known.Count);
        foreach (var model in known)
        {
            if (!byId.TryGetValue(model.Id, out var current))
            {
                if (model.Status != ModelStatus.Missing)
                {
                    vanished.Add(model.Key);
                    merged.Add(model with { Status = ModelStatus.Missing, StatusSince = now });
                }
                else
                {
                    merged.Add(model);
                }

                continue;
            }

            if (!current.IsFree)
            {
                if (model.Status != ModelStatus.Paid)
                {
                    turnedPaid.Add(model.Key);
                    merged.Add(model with { Status = ModelStatus.Paid, StatusSince = now, LastSeen = now });
                }
                else
                {
                    merged.Add(model with { LastSeen = now });
                }

                continue;
            }

            if (model.Status != ModelStatus.Available)
            {
                returned.Add(model.Key);
            }

            merged.Add(Refresh(model, current, now) with
            {
                Status = ModelStatus.Available,
                StatusSince = model.Status == ModelStatus.Available ? model.StatusSince : now,
            });
        }

        var knownIds = known.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var keys = known.Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var model in fetched.Where(m => m.IsFree && !knownIds.Contains(m.Id)).OrderBy(m => m.Id, StringComparer.Ordinal))
        {
            var key = UniqueKey(model.Id, keys);
            keys.Add(key);
            knownIds.Add(model.Id);
            added.Add(key);
            merged.Add(new KnownModel(key, model.Id, model.CanonicalSlug, model.Name, model.ContextLength, model.SupportsTools,
                model.SupportsReasoning, ModelStatus.Available, now, now, now));
        }

        return (merged.OrderBy(m => m.Key, StringComparer.Ordinal).ToArray(), new CatalogChanges(added, vanished, turnedPaid, returned));
    }

    private static KnownModel Refresh(KnownModel model, CatalogModel current, DateTimeOffset now) => model with
    {
        CanonicalSlug = current.CanonicalSlug,
        Name = current.Name,
        ContextLength = current.ContextLength,
        SupportsTools = current.SupportsTools,
        SupportsReasoning = current.SupportsReasoning,
        LastSeen = now,
    };

    /// <summary>Keys are stable once given: a later model whose slug is taken gets its provider in the key.</summary>
    private static string UniqueKey(string id, HashSet<string> taken)
    {
        var key = ModelKeys.FreeKey(id);
        if (!taken.Contains(key))
        {
            return key;
        }

        key = ModelKeys.QualifiedFreeKey(id);
        for (var n = 2; taken.Contains(key); n++)
        {
            key = $"{ModelKeys.QualifiedFreeKey(id)}-{n}";
        }

        return key;
    }
}
