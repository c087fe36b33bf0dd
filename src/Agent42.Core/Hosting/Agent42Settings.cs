using Agent42.Core.Configuration;
using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Research;
using Agent42.Core.Plugins;
using Agent42.Core.Security;
using Agent42.Core.Security.ControlFiles;
using Agent42.Core.Security.Sandbox;
using Agent42.Core.Tools;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Hosting;

/// <summary>Every validated options class, with the directories resolved to absolute paths.</summary>
internal sealed record Agent42Settings(
    Agent42Options Agent42,
    ToolOptions Tools,
    CommandFilterOptions CommandFilter,
    ShellSandboxOptions ShellSandbox,
    PluginOptions Plugins,
    ModelCatalogOptions Catalog,
    Routing.RoutingOptions Routing,
    ModelResearchOptions Research,
    string Workspace,
    string ToolsDirectory,
    string DataDirectory,
    ControlPaths ControlPaths)
{
    /// <summary>Caps on what a model call may send back.</summary>
    public Models.Providers.ModelCallOptions ModelCalls { get; init; } = new();

    /// <summary>Caps on the tool calls a model may have run.</summary>
    public Agent.ToolCallLimitsOptions ToolCallLimits { get; init; } = new();

    /// <summary>How task workers hold and look for tasks.</summary>
    public Tasks.TaskQueueOptions Tasks { get; init; } = new();

    /// <summary>The resolved directories, for the concerns that need them and nothing else of the settings.</summary>
    public Agent42Paths Paths { get; } = new(Workspace, ToolsDirectory, DataDirectory);

    /// <summary>The shared PostgreSQL store; null when <c>AGENT42_DATABASE_URL</c> is unset and the files store is used.</summary>
    public Database.DatabaseTarget? Database { get; init; }

    /// <summary>How strict the file tools' handle checks are.</summary>
    public WorkspaceSandboxOptions Sandbox { get; init; } = new();

    /// <summary>How the MCP servers of <c>.mcp.json</c> are run.</summary>
    public Mcp.McpOptions Mcp { get; init; } = new();

    /// <summary>The free daily request limit the summary line counts against.</summary>
    public Models.Quota.FreeQuotaOptions FreeQuota { get; init; } = new();

    /// <summary>Binds and validates everything; throws <see cref="ConfigurationException"/> on the first bad value.</summary>
    public static Agent42Settings Load(IConfiguration configuration, string currentDirectory)
    {
        var agent42 = OptionsLoader.Load<Agent42Options>(configuration);
        var tools = OptionsLoader.Load<ToolOptions>(configuration);
        var filter = OptionsLoader.Load<CommandFilterOptions>(configuration);
        var shellSandbox = OptionsLoader.Load<ShellSandboxOptions>(configuration);
        var plugins = OptionsLoader.Load<PluginOptions>(configuration);
        var catalog = OptionsLoader.Load<ModelCatalogOptions>(configuration);
        var routing = OptionsLoader.Load<Routing.RoutingOptions>(configuration);
        var research = OptionsLoader.Load<ModelResearchOptions>(configuration);
        var controlPaths = OptionsLoader.Load<ControlPathsOptions>(configuration);
        var modelCalls = OptionsLoader.Load<Models.Providers.ModelCallOptions>(configuration);
        var toolCallLimits = OptionsLoader.Load<Agent.ToolCallLimitsOptions>(configuration);
        var database = OptionsLoader.Load<Database.DatabaseOptions>(configuration);

        var workspace = Path.GetFullPath(string.IsNullOrWhiteSpace(agent42.Workspace) ? currentDirectory : agent42.Workspace, currentDirectory);
        if (!Directory.Exists(workspace))
        {
            throw new ConfigurationException($"AGENT42_WORKSPACE: the directory '{workspace}' does not exist");
        }

        var toolsDirectory = Path.GetFullPath(agent42.CustomToolsDir, currentDirectory);
        var dataDirectory = Path.GetFullPath(agent42.DataDir, currentDirectory);
        return new Agent42Settings(
            agent42,
            tools,
            filter,
            shellSandbox,
            plugins,
            catalog,
            routing,
            research,
            workspace,
            toolsDirectory,
            dataDirectory,
            ControlPaths.For(new Agent42Paths(workspace, toolsDirectory, dataDirectory), currentDirectory, controlPaths))
        {
            ModelCalls = modelCalls,
            ToolCallLimits = toolCallLimits,
            Database = database.Enabled ? database.Target() : null,
            Sandbox = OptionsLoader.Load<WorkspaceSandboxOptions>(configuration),
            Tasks = OptionsLoader.Load<Tasks.TaskQueueOptions>(configuration),
            Mcp = OptionsLoader.Load<Mcp.McpOptions>(configuration),
            FreeQuota = OptionsLoader.Load<Models.Quota.FreeQuotaOptions>(configuration),
        };
    }
}
