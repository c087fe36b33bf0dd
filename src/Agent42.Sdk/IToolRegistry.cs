using System.Text.Json;

namespace Agent42.Sdk;

/// <summary>The registry of live tools, for tools that call other tools.</summary>
public interface IToolRegistry
{
    /// <summary>The tools registered now, ordered by name.</summary>
    /// <returns>A snapshot.</returns>
    IReadOnlyList<ToolInfo> List();

    /// <summary>
    /// Calls a tool by name. Never throws for the tool's sake: an unknown tool, invalid arguments, an exception
    /// or a time-out come back as a failed result naming the tool.
    /// </summary>
    /// <param name="name">The tool's name.</param>
    /// <param name="arguments">The arguments as a JSON object.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tool's result.</returns>
    Task<ToolResult> ExecuteAsync(string name, JsonElement arguments, CancellationToken cancellationToken = default);
}
