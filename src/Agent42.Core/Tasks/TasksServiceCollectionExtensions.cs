using Agent42.Core.Configuration;
using Agent42.Sdk;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Tasks;

/// <summary>Registers the persistent task queue.</summary>
internal static class TasksServiceCollectionExtensions
{
    public static IServiceCollection AddAgent42Tasks(this IServiceCollection services, Agent42Paths paths)
    {
        services.AddSingleton(sp => new TaskQueue(paths.DataDirectory, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TaskQueue>>()));
        services.AddSingleton<ITaskQueue>(sp => sp.GetRequiredService<TaskQueue>());
        return services;
    }
}
