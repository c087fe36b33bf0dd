using System.IO.Abstractions;
using Agent42.Core.Agent;
using Agent42.Core.Database;
using Agent42.Core.Mcp;
using Agent42.Core.Models;
using Agent42.Core.Outcomes;
using Agent42.Core.Plugins;
using Agent42.Core.Routing;
using Agent42.Core.Security;
using Agent42.Core.Storage;
using Agent42.Core.Tasks;
using Agent42.Core.Tools;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Core.Hosting;

/// <summary>Composes Agent42: each concern registers itself, in the order data walks through them.</summary>
internal static class Agent42ServiceCollectionExtensions
{
    public static IServiceCollection AddAgent42Core(this IServiceCollection services, Agent42Settings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(settings.Agent42);
        services.AddSingleton(settings.Paths);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IFileSystem>(new FileSystem());

        services.AddAgent42Security(settings.CommandFilter, settings.ShellSandbox, settings.Paths, settings.ControlPaths, settings.Sandbox);
        services.AddAgent42Tasks(settings.Paths, settings.Tasks);
        services.AddAgent42Tools(settings.Tools, settings.Paths);
        services.AddAgent42Plugins(settings.Plugins, settings.Paths);
        services.AddAgent42Mcp(settings.Mcp, settings.ControlPaths, settings.Paths);
        services.AddAgent42Models(settings.Catalog, settings.Research, settings.Paths, settings.ModelCalls, settings.FreeQuota);
        services.AddAgent42Outcomes(settings.Paths);
        services.AddAgent42Routing(settings.Routing, settings.Research, settings.Paths);
        services.AddAgent42Agent(settings.ToolCallLimits);
        if (settings.Database is { } database)
        {
            services.AddAgent42Database(database);
        }

        services.AddSingleton<BackgroundMaintenance>();
        services.AddSingleton<IStateCheck>(sp => new StatePathCheck(
            StateStartup.StatePaths(settings.Paths, sp.GetRequiredService<Routing.Files.RoutingFileStore>().Path)));
        services.AddSingleton<StateHealth>();
        services.AddSingleton<StateStartup>();
        return services;
    }
}
