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

    /// <summary>Runs the tool.</summary>
    /// <param name="arguments">The arguments as a JSON object.</param>
    /// <param name="cancellationToken">Cancelled when the call times out or the task is abandoned.</param>
    /// <returns>The result. Return <see cref="ToolResult.Fail"/> for expected failures rather than throwing.</returns>
    public abstract Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken);
}
