namespace Agent42.Sdk;

/// <summary>
/// The services Agent42 can give a tool. A tool receives the ones it names in its constructor; it may also ask
/// for the whole context.
/// </summary>
/// <param name="Sandbox">Resolves paths inside the workspace.</param>
/// <param name="CommandFilter">Decides whether a shell command may run.</param>
/// <param name="TaskQueue">Queues follow-up tasks.</param>
/// <param name="Workspace">The workspace root directory.</param>
/// <param name="ToolRegistry">Calls other tools.</param>
/// <param name="LoggerFactory">Makes a logger for a tool, given the tool's category name.</param>
public sealed record ToolContext(
    IWorkspaceSandbox Sandbox,
    ICommandFilter CommandFilter,
    ITaskQueue TaskQueue,
    string Workspace,
    IToolRegistry ToolRegistry,
    Func<string, IToolLogger> LoggerFactory);
