using System.Text.Json;
using Agent42.Core.Plugins.Cache;
using Agent42.Sdk;

namespace Agent42.Core.Plugins.Loading;

/// <summary>
/// A cached image's tool registered at a cached start without running its code: its metadata comes from the
/// cache entry, and the first call activates the image (<see cref="DeferredActivation"/>) and runs on the real tool.
/// </summary>
internal sealed class DeferredTool(DeferredActivation activation, CachedTool cached) : Tool
{
    public override string Name => cached.Name;

    public override string Description => cached.Description;

    // Never read: the snapshot takes the validated schema from the cache entry.
    public override JsonElement Parameters => throw new InvalidOperationException("a deferred tool's schema comes from the cache entry");

    public override bool IsReadOnly => cached.IsReadOnly;

    public string TypeName => cached.TypeName;

    public override async Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken)
    {
        var (tool, failure) = await activation.ToolAsync(cached.TypeName).ConfigureAwait(false);
        return tool is null
            ? ToolResult.Fail($"Tool '{cached.Name}' could not be activated: {failure}")
            : await tool.ExecuteAsync(arguments, cancellationToken).ConfigureAwait(false);
    }
}
