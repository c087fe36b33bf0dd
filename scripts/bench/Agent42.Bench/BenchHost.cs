using Agent42.Core.Configuration;
using Agent42.Core.Hosting;
using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Research;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins;
using Agent42.Core.Security;
using Agent42.Core.Security.ControlFiles;
using Agent42.Core.Tasks;
using Agent42.Core.Tools;
using Agent42.Sdk;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agent42.Bench;

/// <summary>The real plugin manager, registry and services over given directories, without the CLI around them.</summary>
internal sealed record BenchHost(PluginManager Manager, ToolRegistry Registry, ToolContext Context)
{
    public static BenchHost Create(string toolsDirectory, string dataDirectory, bool cacheEnabled)
    {
        var workspace = Directory.CreateTempSubdirectory("a42-bench-ws-").FullName;
        var settings = new Agent42Settings(new Agent42Options(), new ToolOptions(), new CommandFilterOptions(), new Agent42.Core.Security.Sandbox.ShellSandboxOptions(),
            new PluginOptions { CacheEnabled = cacheEnabled }, new ModelCatalogOptions(), new Agent42.Core.Routing.RoutingOptions(), new ModelResearchOptions(), workspace, toolsDirectory, dataDirectory,
            ControlPaths.For(new Agent42Paths(workspace, toolsDirectory, dataDirectory), workspace, new ControlPathsOptions()));
        var registry = new ToolRegistry([], settings.Tools, TimeProvider.System, NullLogger<ToolRegistry>.Instance);
        var context = new ToolContext
        {
            Sandbox = new WorkspaceSandbox(workspace),
            CommandFilter = new CommandFilter(settings.CommandFilter),
            TaskQueue = new TaskQueue(new FileTaskStore(settings.DataDirectory, TimeProvider.System, NullLogger<FileTaskStore>.Instance), NullLogger<TaskQueue>.Instance),
            Workspace = workspace,
            ToolRegistry = registry,
            LoggerFactory = _ => new ToolLogger(NullLogger.Instance),
        };
        var manager = new PluginManager(settings.Paths, settings.Plugins, registry, context,
            new Lazy<PluginCompiler>(() => new PluginCompiler(toolsDirectory)), TimeProvider.System, NullLogger<PluginManager>.Instance);
        return new BenchHost(manager, registry, context);
    }
}
