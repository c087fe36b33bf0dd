using Agent42.Core.Configuration;
using Agent42.Core.Security.ControlFiles;
using Agent42.Core.Security.Sandbox;
using Agent42.Sdk;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Core.Security;

/// <summary>Registers the workspace sandbox, the list of Agent42's own paths, the command filter and the shell's OS sandbox.</summary>
internal static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddAgent42Security(this IServiceCollection services, CommandFilterOptions options, ShellSandboxOptions shellSandbox, Agent42Paths paths, ControlPaths controlPaths, WorkspaceSandboxOptions? sandboxOptions = null)
    {
        services.AddSingleton(options);
        services.AddSingleton(controlPaths);
        services.AddSingleton(_ => new WorkspaceSandbox(paths.Workspace, controlPaths, sandboxOptions)); // not public: plugin code cannot build one
        services.AddSingleton<IWorkspaceSandbox>(sp => sp.GetRequiredService<WorkspaceSandbox>());
        services.AddSingleton(sp => new CommandFilter(options, sp.GetRequiredService<IWorkspaceSandbox>(), controlPaths)); // not public: plugin code cannot build one
        services.AddSingleton<ICommandFilter>(sp => sp.GetRequiredService<CommandFilter>());
        services.AddSingleton(shellSandbox);
        services.AddSingleton<ShellSandbox>();
        return services;
    }
}
