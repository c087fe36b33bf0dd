namespace Agent42.Core.Security;

/// <summary>Who this process runs as, for the warning that a model's tools would run with root's rights.</summary>
internal static class ProcessUser
{
    /// <summary>
    /// Whether the effective user is root: on Linux the effective uid in <c>/proc/self/status</c>, elsewhere on Unix
    /// the user name .NET looks up for the effective uid. Never on Windows, where elevation is another matter.
    /// </summary>
    public static bool IsRoot()
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        if (OperatingSystem.IsLinux() && EffectiveUid(File.ReadLines("/proc/self/status")) is { } uid)
        {
            return uid == 0;
        }

        return Environment.UserName == "root";
    }

    /// <summary>The second field of the <c>Uid:</c> line (real, effective, saved, filesystem).</summary>
    public static long? EffectiveUid(IEnumerable<string> status)
    {
        var line = status.FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        var fields = line?.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: >= 3 } && long.TryParse(fields[2], out var uid) ? uid : null;
    }
}
