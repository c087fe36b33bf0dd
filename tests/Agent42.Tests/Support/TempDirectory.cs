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
