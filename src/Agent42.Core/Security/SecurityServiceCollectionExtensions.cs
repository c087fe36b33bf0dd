using Agent42.Core.Configuration;
using Agent42.Core.Security.ControlFiles;
using Agent42.Sdk;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Core.Security;

/// <summary>Registers the workspace sandbox, the list of Agent42's own paths and the command filter.</summary>
internal static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddAgent42Security(this IServiceCollection services, CommandFilterOptions options, Agent42Paths paths, ControlPaths controlPaths)
    {
        services.AddSingleton(options);
        services.AddSingleton(controlPaths);
        services.AddSingleton<IWorkspaceSandbox>(_ => new WorkspaceSandbox(paths.Workspace));
        services.AddSingleton<ICommandFilter>(_ => new CommandFilter(options)); // not public: plugin code cannot build one
        return services;
    }
}
