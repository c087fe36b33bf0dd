using Agent42.Core.Configuration;
using Agent42.Sdk;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Tasks;

/// <summary>Registers the task queue: the files store by default (the database registers its own after this).</summary>
internal static class TasksServiceCollectionExtensions
{
    public static IServiceCollection AddAgent42Tasks(this IServiceCollection services, Agent42Paths paths, TaskQueueOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<ITaskStore>(sp => new FileTaskStore(paths.DataDirectory, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<FileTaskStore>>()));
        services.AddSingleton(sp => new TaskQueue(sp.GetRequiredService<ITaskStore>(), sp.GetRequiredService<ILogger<TaskQueue>>()));
        services.AddSingleton<ITaskQueue>(sp => sp.GetRequiredService<TaskQueue>());
        return services;
    }
}
