using Agent42.Core.Configuration;
using Agent42.Core.Security;
using Agent42.Core.Security.Sandbox;
using Agent42.Core.Tools.BuiltIn;
using Agent42.Sdk;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Tools;

/// <summary>Registers the built-in tools, the registry and the context a tool's constructor draws its services from.</summary>
internal static class ToolsServiceCollectionExtensions
{
    public static IServiceCollection AddAgent42Tools(this IServiceCollection services, ToolOptions options, Agent42Paths paths)
    {
        services.AddSingleton(options);
        // Factories: the tools' and the registry's constructors are not public, so that plugin code cannot build one.
        services.AddSingleton<Tool>(sp => new ReadFileTool(sp.GetRequiredService<WorkspaceSandbox>(), options));
        services.AddSingleton<Tool>(sp => new WriteFileTool(sp.GetRequiredService<WorkspaceSandbox>()));
        services.AddSingleton<Tool>(sp => new EditFileTool(sp.GetRequiredService<WorkspaceSandbox>(), options));
        services.AddSingleton<Tool>(sp => new ListDirTool(sp.GetRequiredService<WorkspaceSandbox>()));
        services.AddSingleton<Tool>(sp => new GrepTool(sp.GetRequiredService<WorkspaceSandbox>(), options));
        services.AddSingleton<Tool>(sp => new ShellTool(sp.GetRequiredService<CommandFilter>(), sp.GetRequiredService<ShellSandbox>(), options,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<Tool>(sp => new HttpRequestTool(options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ToolRegistry(sp.GetServices<Tool>(), options, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ToolRegistry>>()));
        services.AddSingleton<IToolRegistry>(sp => sp.GetRequiredService<ToolRegistry>());

        services.AddSingleton(sp => new ToolContext
        {
            Sandbox = sp.GetRequiredService<IWorkspaceSandbox>(),
            CommandFilter = sp.GetRequiredService<ICommandFilter>(),
            TaskQueue = sp.GetRequiredService<ITaskQueue>(),
            Workspace = paths.Workspace,
            ToolRegistry = sp.GetRequiredService<IToolRegistry>(),
            LoggerFactory = category => new ToolLogger(sp.GetRequiredService<ILoggerFactory>().CreateLogger(category)),
        });
        return services;
    }
}
