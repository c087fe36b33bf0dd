using System.Text.Json;

namespace Agent42.Sdk;

/// <summary>
/// A capability the agent can call: a name, a description, a JSON Schema for its arguments, and the code.
/// </summary>
/// <remarks>
/// Derive from <see cref="Tool{TArguments}"/> to have the schema generated from an arguments record and the
/// arguments validated before your code runs; derive from this class directly to work with the raw JSON.
/// A tool asks for the services it needs through its public constructor: each parameter is one of
/// <see cref="IWorkspaceSandbox"/>, <see cref="ICommandFilter"/>, <see cref="ITaskQueue"/>,
/// <see cref="IToolRegistry"/>, <see cref="IToolLogger"/>, <see cref="ToolContext"/>, or a
/// <see cref="string"/> named <c>workspace</c>.
/// </remarks>
public abstract class Tool
{
    /// <summary>
    /// The name the model calls the tool by: lower case letters, digits and underscores, starting with a letter,
    /// 2 to 49 characters.
    /// </summary>
    public abstract string Name { get; }

    /// <summary>What the tool does and when to use it, written for the model.</summary>
    public abstract string Description { get; }

    /// <summary>A JSON Schema (an object schema) describing the arguments.</summary>
    public abstract JsonElement Parameters { get; }

    /// <summary>
    /// Whether the tool only reads: it writes or deletes no file, runs no command, sends no request and queues no
    /// task. Read-only tools run without asking in every approval mode (<c>AGENT42_APPROVAL</c>); any other tool
    /// is shown to the user before it runs in <c>ask</c> mode and refused in <c>read-only</c> mode.
    /// </summary>
    /// <remarks>
    /// Defaults to <see langword="false"/>: a tool that does not say what it does is treated as writing. Override
    /// it to return <see langword="true"/> only when no argument can make the tool change anything; it is read once,
    /// when the tool is registered.
    /// </remarks>
    public virtual bool IsReadOnly => false;

    /// <summary>Runs the tool.</summary>
    /// <param name="arguments">The arguments as a JSON object.</param>
    /// <param name="cancellationToken">Cancelled when the call times out or the task is abandoned.</param>
    /// <returns>The result. Return <see cref="ToolResult.Fail"/> for expected failures rather than throwing.</returns>
    public abstract Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken);
}
