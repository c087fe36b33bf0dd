using System.Security.Cryptography;
using System.Text;
using Agent42.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Plugins.Cache;

/// <summary>
/// Compiled tool images under <c>{data}/plugin-cache</c>, keyed by everything that decides the image: the
/// source path and bytes, the SDK, the policy and the compiler (the entry's name), and the bytes of every
/// <c>#load</c>ed file (listed in its manifest, since which files a script loads is known only once it is
/// compiled). A
/// restart with an unchanged file loads its image without touching Roslyn. An entry that does not verify
/// (missing part, hash mismatch, unreadable manifest) is deleted and treated as a miss.
/// </summary>
internal sealed partial class PluginCache(string directory, TimeProvider time, ILogger logger)
{
    public const string FolderName = "plugin-cache";

    private const string Holds = "a compiled tool";

    public string Directory { get; } = directory;

    public static string ComputeKey(string sourcePath, string sourceHash, IEnumerable<string> dependencyHashes, string environmentStamp)
    {
        var text = new StringBuilder()
            .Append(sourcePath).Append('\n')
            .Append(sourceHash).Append('\n')
            .AppendJoin('\n', dependencyHashes).Append('\n')
            .Append(environmentStamp);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    public CachedImage? TryGet(string sourcePath, string key)
    {
        var (dll, pdb, manifestPath) = PathsFor(sourcePath, key);
        if (!File.Exists(manifestPath))
        {
            return null;
        }

        try
        {
            // Read refusing anything but regular files: a FIFO planted in the cache must not hang every start.
            var manifest = PluginCacheManifest.Parse(StateFileRead.ReadAllTextOrNull(manifestPath, Holds) ?? throw new FileNotFoundException("the manifest is gone"));
            var image = StateFileRead.ReadAllBytesOrNull(dll, Holds) ?? throw new FileNotFoundException("the image is gone");
            var symbols = StateFileRead.ReadAllBytesOrNull(pdb, Holds) ?? throw new FileNotFoundException("the symbols are gone");
            if (manifest.Key != key || Convert.ToHexString(SHA256.HashData(image)) != manifest.ImageHash)
            {
                throw new InvalidDataException("the image does not match its manifest");
            }

            return new CachedImage(key, manifest.AssemblyName, image, symbols, manifest.SchemaValidatedTypes, manifest.TypeLocations, manifest.Dependencies)
            {
                Schemas = manifest.Schemas,
                Tools = manifest.Tools,
            };
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or UnauthorizedAccessException)
        {
            LogCorrupt(Path.GetFileName(manifestPath), ex.Message);
            Invalidate(sourcePath, key);
            return null;
        }
    }

    public void Store(string sourcePath, CachedImage image)
    {
        try
        {
            var (dll, pdb, manifestPath) = PathsFor(sourcePath, image.Key);
            RemoveOtherEntries(sourcePath, image.Key);
            AtomicFile.WriteAllBytes(dll, image.Image);
            AtomicFile.WriteAllBytes(pdb, image.Pdb);
            var manifest = new PluginCacheManifest(image.Key, sourcePath, image.AssemblyName,
                Convert.ToHexString(SHA256.HashData(image.Image)), time.GetUtcNow(), image.SchemaValidatedTypes, image.TypeLocations, image.Dependencies)
            {
                Schemas = image.Schemas,
                Tools = image.Tools,
            };
            AtomicFile.WriteAllText(manifestPath, manifest.Write());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The cache only saves time; a read-only data directory must not stop tools from loading.
            LogStoreFailed(sourcePath, ex.Message);
        }
    }

    /// <summary>Deletes an entry that failed to load, so the next start compiles afresh.</summary>
    public void Invalidate(string sourcePath, string key)
    {
        var (dll, pdb, manifest) = PathsFor(sourcePath, key);
        foreach (var path in new[] { manifest, dll, pdb })
        {
            TryDelete(path);
        }
    }

    private void RemoveOtherEntries(string sourcePath, string key)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }

        var prefix = Prefix(sourcePath);
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, prefix + "*"))
        {
            if (!Path.GetFileName(file).StartsWith(prefix + key, StringComparison.Ordinal))
            {
                TryDelete(file);
            }
        }
    }

    private (string Dll, string Pdb, string Manifest) PathsFor(string sourcePath, string key)
    {
        var stem = Path.Combine(Directory, Prefix(sourcePath) + key);
        return (stem + ".dll", stem + ".pdb", stem + ".manifest");
    }

    /// <summary>The file name plus a short hash of the full path, so two directories' <c>a.cs</c> never collide.</summary>
    private static string Prefix(string sourcePath)
    {
        var pathHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sourcePath)))[..8];
        return $"{Path.GetFileNameWithoutExtension(sourcePath)}-{pathHash}-";
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Compile cache entry {Entry} is unusable ({Problem}); compiling afresh")]
    private partial void LogCorrupt(string entry, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not cache the compiled image of {Source}: {Problem}")]
    private partial void LogStoreFailed(string source, string problem);
}
