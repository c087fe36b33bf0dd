using System.IO.Abstractions;
using Agent42.Core.Configuration;
using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Research;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing.Files;
using Agent42.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Routing;

/// <summary>
/// Registers the router, the routing service over the outcome log, and the researcher (here, because its
/// leaderboard reading is a model call that routing chooses).
/// </summary>
internal static class RoutingServiceCollectionExtensions
{
    public static IServiceCollection AddAgent42Routing(
        this IServiceCollection services, RoutingOptions options, ModelResearchOptions research, Agent42Paths paths)
    {
        services.AddSingleton(options);
        services.TryAddSingleton<IFileSystem>(new FileSystem());
        services.AddSingleton(sp => new RoutingFileStore(Path.GetFullPath(options.RoutingFile, paths.DataDirectory),
            sp.GetRequiredService<ILogger<RoutingFileStore>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IFileSystem>()));
        services.AddSingleton<IStateCheck>(new RoutingFileCheck(Path.GetFullPath(options.RoutingFile, paths.DataDirectory)));
        services.AddSingleton<ModelRouter>();
        services.AddSingleton(sp => new RoutingService(sp.GetRequiredService<ModelCatalogSync>(), sp.GetRequiredService<ModelRouter>(),
            sp.GetRequiredService<RoutingFileStore>(), options, sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<IOutcomeStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ModelResearchStore>(), sp.GetRequiredService<ModelCatalogStore>().FilePath,
            options.Seed is { } seed ? new Random(seed) : null));
        services.AddSingleton<ResearchModelCall>();
        services.AddSingleton(sp => new ModelResearcher(
            new HttpClient { Timeout = Timeout.InfiniteTimeSpan },
            research,
            sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<ModelResearchStore>(),
            sp.GetRequiredService<ResearchModelCall>().ExtractAsync,
            sp.GetRequiredService<ModelCatalogSync>().Current().Models.Select(m => (m.Id, m.CanonicalSlug)).ToArray(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ModelResearcher>>(),
            sp.GetService<Http.OfflineNotice>()));
        return services;
    }
}
