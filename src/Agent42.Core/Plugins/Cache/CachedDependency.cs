namespace Agent42.Core.Plugins.Cache;

/// <summary>A file a cached image was compiled with (<c>#load</c>ed), and the hash of its bytes at the time.</summary>
internal sealed record CachedDependency(string Path, string Hash);
