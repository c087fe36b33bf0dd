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
/// load into its own context, create and validate the tools. The hot-swap manager goes through it (<c>tools
/// check</c> compiles alike but activates in a child process: <see cref="PluginChecker"/>); registering the tools is
/// the caller's business. Holds no per-file state, so it may run in parallel.
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

    /// <summary>Reads the file, retrying while an editor holds it.</summary>
    public PluginReadResult Read(string path) => _reader.Read(path);

    /// <summary>
    /// The key of everything that decides the image of <paramref name="file"/> when it <c>#load</c>s
    /// <paramref name="dependencies"/> (as a previous build found them): equal keys, equal builds.
    /// </summary>
    public string KeyOf(PluginSourceFile file, IReadOnlyList<string> dependencies) =>
        PluginCache.ComputeKey(file.Path, file.Hash, dependencies.Select(HashOf), _environmentStamp);

    /// <summary>
    /// Builds and loads; with <paramref name="useCache"/>, a cached image of the same source and loaded files skips
    /// Roslyn, and with <paramref name="defer"/> too (a start), its tools are registered from the cache entry and the
    /// image is loaded only at their first call.
    /// </summary>
    public PluginBuildOutcome Build(PluginSourceFile file, bool useCache, CancellationToken cancellationToken, bool defer = false)
    {
        // Which files a script loads is known only once it is compiled, so a cache entry is named by the source
        // alone and holds only while the files it was compiled with are unchanged.
        var sourceKey = KeyOf(file, []);
        if (useCache && FromCache(file, sourceKey, defer) is { } cached)
        {
            return cached;
        }

        var build = _compiler.Value.Compile(file.Path, file.Text, cancellationToken);
        var fullPath = Path.GetFullPath(file.Path);
        var dependencies = build.SourceFiles.Where(f => f != fullPath).ToArray();
        var hashes = dependencies.Select(HashOf).ToArray();
        var key = PluginCache.ComputeKey(file.Path, file.Hash, hashes, _environmentStamp);
        if (!build.Succeeded)
        {
            return new PluginBuildOutcome(null, build.Diagnostics, key, dependencies);
        }

        return new PluginBuildOutcome(_loader.Load(build), build.Diagnostics, key, dependencies)
        {
            ToCache = _cache is null ? null : new CachedImage(sourceKey, build.AssemblyName, build.Image.ToArray(), build.Pdb.ToArray(), [],
                build.TypeLocations, dependencies.Zip(hashes, (path, hash) => new CachedDependency(path, hash)).ToArray()),
        };
    }

    private string HashOf(string path) => _reader.Read(path).File?.Hash ?? "missing";

    private PluginBuildOutcome? FromCache(PluginSourceFile file, string sourceKey, bool defer)
    {
        if (_cache?.TryGet(file.Path, sourceKey) is not { } cached || cached.Dependencies.Any(d => HashOf(d.Path) != d.Hash))
        {
            return null;
        }

        var dependencies = cached.Dependencies.Select(d => d.Path).ToArray();
        PluginBuild build;
        try
        {
            build = PluginBuild.FromImage(file.Path, ImmutableCollectionsMarshal.AsImmutableArray(cached.Image),
                ImmutableCollectionsMarshal.AsImmutableArray(cached.Pdb), sourceFiles: [file.Path, .. dependencies],
                typeLocations: cached.TypeLocations, assemblyName: cached.AssemblyName);
        }
        catch (BadImageFormatException ex)
        {
            Drop(file.Path, sourceKey, ex.Message);
            return null;
        }

        if (defer && cached.Tools.Count > 0 && cached.Tools.All(t => cached.Schemas.ContainsKey(t.TypeName)) && LooksLikePortableExecutable(cached.Image))
        {
            // This host build activated the image and registered exactly these tools: register them again, and
            // leave the image unloaded until a call needs it.
            var deferred = _loader.LoadDeferred(build, cached.Tools, cached.Schemas);
            var deferredKey = PluginCache.ComputeKey(file.Path, file.Hash, cached.Dependencies.Select(d => d.Hash), _environmentStamp);
            return new PluginBuildOutcome(deferred, build.Diagnostics, deferredKey, dependencies) { FromCache = true };
        }

        var loaded = _loader.LoadCached(build, cached.Schemas);
        if (loaded.Tools.Count > 0 || !loaded.Diagnostics.Any(d => d.Code == PluginDiagnosticCodes.LoadFailed))
        {
            var key = PluginCache.ComputeKey(file.Path, file.Hash, cached.Dependencies.Select(d => d.Hash), _environmentStamp);
            return new PluginBuildOutcome(loaded, build.Diagnostics, key, dependencies) { FromCache = true };
        }

        // A cached image that passed its checksum but does not load: drop it and compile from source.
        Drop(file.Path, sourceKey, loaded.Diagnostics.First(d => d.Code == PluginDiagnosticCodes.LoadFailed).Message);
        return null;
    }

    /// <summary>
    /// Whether the image has a PE header, checked by hand (the metadata reader stays unloaded at a cached start):
    /// an image that does not is loaded now, so that it is dropped and compiled afresh rather than failing its
    /// first call.
    /// </summary>
    private static bool LooksLikePortableExecutable(byte[] image)
    {
        const int PeOffsetAt = 0x3C;
        if (image.Length < PeOffsetAt + 4 || image[0] != 'M' || image[1] != 'Z')
        {
            return false;
        }

        var pe = BitConverter.ToInt32(image, PeOffsetAt);
        return pe > 0 && pe <= image.Length - 4 && image[pe] == 'P' && image[pe + 1] == 'E' && image[pe + 2] == 0 && image[pe + 3] == 0;
    }

    private void Drop(string path, string sourceKey, string problem)
    {
        _cache!.Invalidate(path, sourceKey);
        LogCacheEntryBroken(path, problem);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cached image of {Path} could not be loaded ({Problem}); compiling from source")]
    private partial void LogCacheEntryBroken(string path, string problem);
}
