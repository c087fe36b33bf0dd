using Agent42.Sdk;

namespace Agent42.Core.Plugins.Loading;

/// <summary>The outcome of creating a tool: the instance, or why there is none.</summary>
internal sealed record ToolActivation(Tool? Tool, string? Error, ToolActivationFailure Failure = ToolActivationFailure.None)
{
    public static ToolActivation Created(Tool tool) => new(tool, null);

    public static ToolActivation Failed(string error, ToolActivationFailure failure = ToolActivationFailure.NotActivatable) => new(null, error, failure);
}
