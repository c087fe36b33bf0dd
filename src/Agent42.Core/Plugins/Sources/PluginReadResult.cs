namespace Agent42.Core.Plugins.Sources;

/// <summary>The outcome of reading a tool source: the file, gone, or why it cannot be used.</summary>
internal sealed record PluginReadResult(PluginSourceFile? File, bool IsMissing, string? Error)
{
    public static PluginReadResult Missing { get; } = new(null, true, null);

    public static PluginReadResult Read(PluginSourceFile file) => new(file, false, null);

    public static PluginReadResult Failed(string error) => new(null, false, error);
}
