using Agent42.Core.Agent;
using Agent42.Core.Agent.Classification;
using Agent42.Core.Configuration;
using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Outcomes;
using Agent42.Core.Plugins;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Routing;
using Agent42.Core.Routing.Files;
using Agent42.Core.Security;
using Agent42.Core.Tasks;
using Agent42.Core.Tools;
using Agent42.Core.Tools.BuiltIn;
using Agent42.Sdk;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Hosting;

/// <summary>Registers Agent42's core services.</summary>
internal static class Agent42ServiceCollectionExtensions
{
    public static IServiceCollection AddAgent42Core(this IServiceCollection services, Agent42Settings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(settings.Agent42);
        services.AddSingleton(settings.Tools);
        services.AddSingleton(settings.CommandFilter);
        services.AddSingleton(settings.Plugins);
        services.AddSingleton(settings.Catalog);
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton<IWorkspaceSandbox>(_ => new WorkspaceSandbox(settings.Workspace));
        services.AddSingleton<ICommandFilter, CommandFilter>();
        services.AddSingleton(sp => new TaskQueue(settings.DataDirectory, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TaskQueue>>()));
        services.AddSingleton<ITaskQueue>(sp => sp.GetRequiredService<TaskQueue>());

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
            Workspace = settings.Workspace,
            ToolRegistry = sp.GetRequiredService<IToolRegistry>(),
            LoggerFactory = category => new ToolLogger(sp.GetRequiredService<ILoggerFactory>().CreateLogger(category)),
        });

        // The compiler is created on first use, so a start-up whose plugins are all cached never touches Roslyn.
        services.AddSingleton(_ => new PluginCompiler(settings.ToolsDirectory));
        services.AddSingleton(sp => new Lazy<PluginCompiler>(sp.GetRequiredService<PluginCompiler>));
        services.AddSingleton<PluginManager>();
        services.AddSingleton<PluginChecker>();

        services.AddSingleton(sp => new ModelCatalogStore(settings.DataDirectory, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ModelCatalogStore>>()));
        services.AddSingleton(sp => new ModelCatalogSync(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan },
            settings.Catalog, sp.GetRequiredService<ModelCatalogStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ModelCatalogSync>>()));

        services.AddSingleton(sp => new ModelEndpointResolver(sp.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()));
        services.AddSingleton(sp => new ChatClientFactory(sp.GetRequiredService<TimeProvider>()));
        // One writer for the log in the process, so recorders never interleave and routing knows which lines are ours.
        services.AddSingleton(_ => new OutcomeLogWriter(Path.Combine(settings.DataDirectory, OutcomeRecorder.OutcomeLog)));
        services.AddSingleton<IOutcomeLogWrites>(sp => sp.GetRequiredService<OutcomeLogWriter>());
        services.AddSingleton(sp => new OutcomeRecorder(sp.GetRequiredService<OutcomeLogWriter>(), settings.DataDirectory));
        services.AddSingleton(sp => new IterationEngine(sp.GetRequiredService<ToolRegistry>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<TaskTypeClassifier>();
        services.AddSingleton(sp => new ModelCooldowns(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(settings.Routing);
        services.AddSingleton(sp => new RoutingFileStore(Path.GetFullPath(settings.Routing.RoutingFile, settings.DataDirectory),
            sp.GetRequiredService<ILogger<RoutingFileStore>>()));
        services.AddSingleton<ModelRouter>();
        services.AddSingleton(settings.Research);
        services.AddSingleton(sp => new Models.Research.ModelResearchStore(settings.DataDirectory, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Models.Research.ModelResearchStore>>()));
        services.AddSingleton(sp => new RoutingService(sp.GetRequiredService<ModelCatalogSync>(), sp.GetRequiredService<ModelRouter>(),
            sp.GetRequiredService<RoutingFileStore>(), settings.Routing, sp.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>(),
            sp.GetRequiredService<IOutcomeLogWrites>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Models.Research.ModelResearchStore>(), sp.GetRequiredService<ModelCatalogStore>().FilePath));
        services.AddSingleton<ResearchModelCall>();
        services.AddSingleton(sp => new Models.Research.ModelResearcher(
            new HttpClient { Timeout = Timeout.InfiniteTimeSpan },
            settings.Research,
            sp.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>(),
            sp.GetRequiredService<Models.Research.ModelResearchStore>(),
            sp.GetRequiredService<ResearchModelCall>().ExtractAsync,
            sp.GetRequiredService<ModelCatalogSync>().Current().Models.Select(m => (m.Id, m.CanonicalSlug)).ToArray(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Models.Research.ModelResearcher>>()));
        services.AddSingleton<AgentRunner>();
        services.AddSingleton<BackgroundMaintenance>();
        return services;
    }
}
