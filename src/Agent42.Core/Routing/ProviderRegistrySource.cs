using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Routing.Files;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Routing;

/// <summary>
/// The provider registry of the current catalog and <c>AGENT42_LOCAL_MODELS</c>, rebuilt only when one of them
/// changes: the catalog file (by its stamp) or the configured local models.
/// </summary>
/// <param name="catalogPath">The catalog's file; without it the catalog is read, and the registry built, on every call.</param>
internal sealed class ProviderRegistrySource(ModelCatalogSync catalog, IConfiguration configuration, string? catalogPath = null)
{
    private readonly Lock _gate = new();
    private (FileStamp Catalog, string? Local, ProviderRegistry Registry)? _current;

    public ProviderRegistry Current()
    {
        var local = configuration[LocalModels.Variable];
        if (catalogPath is null)
        {
            return ProviderRegistry.Create(catalog.Current().Models, local);
        }

        lock (_gate)
        {
            var stamp = FileStamp.Of(catalogPath);
            if (_current is not { } current || current.Catalog != stamp || current.Local != local)
            {
                _current = current = (stamp, local, ProviderRegistry.Create(catalog.Current().Models, local));
            }

            return current.Registry;
        }
    }
}
