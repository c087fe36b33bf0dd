namespace Agent42.Core.Plugins.Sources;

/// <summary>A tool source file as read from disk: its text and the hash of its bytes.</summary>
internal sealed record PluginSourceFile(string Path, string Text, string Hash, long Length);
