using System.Text.Json;
using Agent42.Core.Plugins.Cache;
using Agent42.Sdk;

namespace Agent42.Core.Plugins.Loading;

/// <summary>
/// A cached image's tool registered at a cached start without running its code: its metadata comes from the
/// cache entry, and the first call activates the image (<see cref="DeferredActivation"/>) and runs on the real tool.
/// </summary>
internal sealed class DeferredTool : Tool
{
    private readonly DeferredActivation _activation;
    private readonly CachedTool _cached;

    // Not public: only the host creates the tools it registers (HostServiceConstructorTests).
    internal DeferredTool(DeferredActivation activation, CachedTool cached)
    {
        _activation = activation;
        _cached = cached;
    }

    public override string Name => _cached.Name;

    public override string Description => _cached.Description;

    // Never read: the snapshot takes the validated schema from the cache entry.
    public override JsonElement Parameters => throw new InvalidOperationException("a deferred tool's schema comes from the cache entry");

    public override bool IsReadOnly => _cached.IsReadOnly;

    public string TypeName => _cached.TypeName;

    public override async Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken)
    {
        var (tool, failure) = await _activation.ToolAsync(_cached.TypeName).ConfigureAwait(false);
        return tool is null
            ? ToolResult.Fail($"Tool '{_cached.Name}' could not be activated: {failure}")
            : await tool.ExecuteAsync(arguments, cancellationToken).ConfigureAwait(false);
    }
}
