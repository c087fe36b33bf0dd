namespace Agent42.Tests.Support;

/// <summary>A real directory under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "agent42-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
        // Resolve /tmp symlinks (macOS) so comparisons with sandbox-resolved paths hold.
        Path = new DirectoryInfo(Path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public string Write(string relativePath, string content)
    {
        var full = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    /// <summary>
    /// Writes as a person's later edit would: the file's write time moves forward even when the file system's clock
    /// is too coarse to tell two quick writes apart, since polling watchers compare write times.
    /// </summary>
    public string Rewrite(string relativePath, string content)
    {
        var full = Combine(relativePath);
        var before = File.Exists(full) ? File.GetLastWriteTimeUtc(full) : DateTime.MinValue;
        File.WriteAllText(full, content);
        if (File.GetLastWriteTimeUtc(full) <= before)
        {
            File.SetLastWriteTimeUtc(full, before.AddSeconds(1));
        }

        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
