using Agent42.Core.Configuration;
using Agent42.Core.Storage;
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
        // A queue file set aside as unreadable is named on every command until the queue is written again.
        services.AddSingleton<IStateCheck>(new QuarantineCheck(Path.Combine(paths.DataDirectory, FileTaskStore.FileName), "the task queue",
            "the queue started empty; the set-aside tasks are not run", "re-add the tasks you still want ('agent42 tasks add'), which writes the queue again"));
        return services;
    }
}
