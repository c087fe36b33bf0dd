using Agent42.Core.Configuration;
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
        services.AddSingleton<Tool, ReadFileTool>();
        services.AddSingleton<Tool, WriteFileTool>();
        services.AddSingleton<Tool, EditFileTool>();
        services.AddSingleton<Tool, ListDirTool>();
        services.AddSingleton<Tool, GrepTool>();
        services.AddSingleton<Tool, ShellTool>();
        services.AddSingleton<Tool, HttpRequestTool>();
        services.AddSingleton<ToolRegistry>();
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
