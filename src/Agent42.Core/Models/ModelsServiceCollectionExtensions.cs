using System.IO.Abstractions;
using Agent42.Core.Configuration;
using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Models.Research;
using Agent42.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Models;

/// <summary>Registers what Agent42 knows about models: the catalog and its sync, the providers, the research store.</summary>
internal static class ModelsServiceCollectionExtensions
{
    public static IServiceCollection AddAgent42Models(
        this IServiceCollection services, ModelCatalogOptions catalog, ModelResearchOptions research, Agent42Paths paths,
        ModelCallOptions modelCalls, Quota.FreeQuotaOptions? freeQuota = null)
    {
        services.AddSingleton(catalog);
        services.AddSingleton(research);
        // The host registers the machine's; a container composed without the host gets it too.
        services.TryAddSingleton<IFileSystem>(new FileSystem());
        services.AddSingleton(sp => new ModelCatalogStore(paths.DataDirectory, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ModelCatalogStore>>(), sp.GetRequiredService<IFileSystem>()));
        services.AddSingleton(sp => new ModelCatalogSync(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan },
            catalog, sp.GetRequiredService<ModelCatalogStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ModelCatalogSync>>()));

        // The base URL as bound at start-up, not as .env says later: see ModelEndpointResolver.
        services.AddSingleton(sp => new ModelEndpointResolver(sp.GetRequiredService<IConfiguration>(), catalog.BaseUrl));
        services.AddSingleton(sp => new ChatClientFactory(sp.GetRequiredService<TimeProvider>(), modelCalls, sp.GetRequiredService<Quota.FreeRequestCounter>(),
            sp.GetRequiredService<ILogger<ChatClientFactory>>()));
        services.AddSingleton(sp => new ModelCooldowns(sp.GetRequiredService<TimeProvider>()));

        services.AddSingleton(sp => new ModelResearchStore(paths.DataDirectory, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ModelResearchStore>>(), sp.GetRequiredService<IFileSystem>()));
        services.AddSingleton<Http.OfflineNotice>();
        services.AddSingleton(sp => new Quota.FreeRequestCounter(paths.DataDirectory, freeQuota ?? new(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Quota.FreeRequestCounter>>()));
        services.AddSingleton<IStateCheck>(sp => new QuarantineCheck(Path.Combine(paths.DataDirectory, ModelCatalogStore.FileName), "the model catalog",
            $"every command uses the shipped snapshot {ModelCatalogSnapshot.Date} instead", "agent42 models sync", sp.GetRequiredService<IFileSystem>()));
        services.AddSingleton<IStateCheck>(sp => new QuarantineCheck(Path.Combine(paths.DataDirectory, ModelResearchStore.FileName), "the model research",
            "routing has no research priors", "agent42 research run", sp.GetRequiredService<IFileSystem>()));
        return services;
    }
}
