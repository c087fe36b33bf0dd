using Agent42.Core.Configuration;
using Agent42.Core.Security.ControlFiles;
using Agent42.Sdk;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Core.Security;

/// <summary>Registers the workspace sandbox, the list of Agent42's own paths and the command filter.</summary>
internal static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddAgent42Security(this IServiceCollection services, CommandFilterOptions options, Agent42Paths paths, ControlPaths controlPaths, WorkspaceSandboxOptions? sandboxOptions = null)
    {
        services.AddSingleton(options);
        services.AddSingleton(controlPaths);
        services.AddSingleton(_ => new WorkspaceSandbox(paths.Workspace, controlPaths, sandboxOptions));
        services.AddSingleton<IWorkspaceSandbox>(sp => sp.GetRequiredService<WorkspaceSandbox>());
        services.AddSingleton<ICommandFilter, CommandFilter>();
        return services;
    }
}
