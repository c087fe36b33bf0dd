namespace Agent42.Sdk;

/// <summary>
/// The services Agent42 can give a tool. A tool receives the ones it names in its constructor; it may also ask
/// for the whole context.
/// </summary>
/// <remarks>
/// A class with init-only properties rather than a positional record, so that a service added in a later version
/// is one more property (an optional one): tools compiled against this version keep loading, and code that builds
/// a context, such as a tool's own tests, keeps compiling.
/// </remarks>
public sealed class ToolContext
{
    /// <summary>Resolves paths inside the workspace.</summary>
    public required IWorkspaceSandbox Sandbox { get; init; }

    /// <summary>Decides whether a shell command may run.</summary>
    public required ICommandFilter CommandFilter { get; init; }

    /// <summary>Queues follow-up tasks.</summary>
    public required ITaskQueue TaskQueue { get; init; }

    /// <summary>The workspace root directory.</summary>
    public required string Workspace { get; init; }

    /// <summary>Calls other tools.</summary>
    public required IToolRegistry ToolRegistry { get; init; }

    /// <summary>Makes a logger for a tool, given the tool's category name.</summary>
    public required Func<string, IToolLogger> LoggerFactory { get; init; }
}
