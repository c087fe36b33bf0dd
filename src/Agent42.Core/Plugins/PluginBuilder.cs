using System.Runtime.InteropServices;
using Agent42.Core.Plugins.Cache;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins.Loading;
using Agent42.Core.Plugins.Sources;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Plugins;

/// <summary>
/// The one build pipeline for a tool file: read, compile (or take the image from the cache), API policy,
/// load into its own context, create and validate the tools. The hot-swap manager and <c>tools check</c> both
/// go through it; registering the tools is the caller's business. Holds no per-file state, so it may run in
/// parallel.
/// </summary>
internal sealed partial class PluginBuilder
{
    private readonly PluginFileReader _reader;
    private readonly Lazy<PluginCompiler> _compiler;
    private readonly PluginLoader _loader;
    private readonly PluginCache? _cache;
    private readonly ILogger _logger;
    private readonly string _environmentStamp = PluginFingerprint.Value;

    public PluginBuilder(PluginFileReader reader, Lazy<PluginCompiler> compiler, PluginLoader loader, PluginCache? cache, ILogger logger)
    {
        _reader = reader;
        _compiler = compiler;
        _loader = loader;
        _cache = cache;
        _logger = logger;
    }

    /// <summary>Reads the file; on success, <see cref="Prepare"/> turns it into a build input.</summary>
    public PluginReadResult Read(string path) => _reader.Read(path);

    /// <summary>Finds what the file <c>#load</c>s and computes its key.</summary>
    public PluginBuildInput Prepare(PluginSourceFile file)
    {
        var dependencies = PluginLoadDirectives.LoadedFiles(file);
        var dependencyHashes = dependencies.Select(d => _reader.Read(d).File?.Hash ?? "missing").ToArray();
        return new PluginBuildInput(file, dependencies, PluginCache.ComputeKey(file.Path, file.Hash, dependencyHashes, _environmentStamp));
    }

    /// <summary>Builds and loads; with <paramref name="useCache"/>, a cached image for the same key skips Roslyn.</summary>
    public PluginBuildOutcome Build(PluginBuildInput input, bool useCache, CancellationToken cancellationToken)
    {
        if (useCache && FromCache(input) is { } cached)
        {
            return cached;
        }

        var build = _compiler.Value.Compile(input.Path, input.File.Text, cancellationToken);
        if (!build.Succeeded)
        {
            return new PluginBuildOutcome(null, build.Diagnostics);
        }

        return new PluginBuildOutcome(_loader.Load(build), build.Diagnostics)
        {
            ToCache = _cache is null ? null : new CachedImage(input.Key, build.AssemblyName, build.Image.ToArray(), build.Pdb.ToArray(), [], build.TypeLocations),
        };
    }

    private PluginBuildOutcome? FromCache(PluginBuildInput input)
    {
        if (_cache?.TryGet(input.Path, input.Key) is not { } cached)
        {
            return null;
        }

        PluginBuild build;
        try
        {
            build = PluginBuild.FromImage(input.Path, ImmutableCollectionsMarshal.AsImmutableArray(cached.Image),
                ImmutableCollectionsMarshal.AsImmutableArray(cached.Pdb), sourceFiles: [input.Path, .. input.Dependencies],
                typeLocations: cached.TypeLocations, assemblyName: cached.AssemblyName);
        }
        catch (BadImageFormatException ex)
        {
            Drop(input, ex.Message);
            return null;
        }

        var loaded = _loader.Load(build, cached.SchemaValidatedTypes.ToHashSet(StringComparer.Ordinal));
        if (loaded.Tools.Count > 0 || !loaded.Diagnostics.Any(d => d.Code == PluginDiagnosticCodes.LoadFailed))
        {
            return new PluginBuildOutcome(loaded, build.Diagnostics) { FromCache = true };
        }

        // A cached image that passed its checksum but does not load: drop it and compile from source.
        Drop(input, loaded.Diagnostics.First(d => d.Code == PluginDiagnosticCodes.LoadFailed).Message);
        return null;
    }

    private void Drop(PluginBuildInput input, string problem)
    {
        _cache!.Invalidate(input.Path, input.Key);
        LogCacheEntryBroken(input.Path, problem);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cached image of {Path} could not be loaded ({Problem}); compiling from source")]
    private partial void LogCacheEntryBroken(string path, string problem);
}
