using Agent42.Core.Outcomes;
using Agent42.Core.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agent42.Core.Database;

/// <summary>
/// The shared store, registered only when <c>AGENT42_DATABASE_URL</c> is set. Hosting calls this after the files
/// stores are registered, so the PostgreSQL stores registered here replace them: with the URL set, there is no
/// files store to fall back to.
/// </summary>
internal static class DatabaseServiceCollectionExtensions
{
    public static IServiceCollection AddAgent42Database(this IServiceCollection services, DatabaseTarget target)
    {
        services.AddSingleton(target);
        services.AddSingleton(_ => new Agent42Database(target));

        // The stores of the shared store contract, one line each (services.Replace(...) of the files store).
        services.Replace(ServiceDescriptor.Singleton<IOutcomeStore>(sp => new PostgresOutcomeStore(sp.GetRequiredService<Agent42Database>())));
        services.Replace(ServiceDescriptor.Singleton<ITaskStore>(sp => new PostgresTaskStore(sp.GetRequiredService<Agent42Database>(), sp.GetRequiredService<TimeProvider>())));
        return services;
    }
}
