using System.Text;

namespace Agent42.Core.Security;

/// <summary>
/// The checks a tool's path passes before anything resolves it: cheap, bounded, and independent of the disk, so a
/// path of forty thousand components costs nothing.
/// </summary>
internal static class WorkspacePathSyntax
{
    /// <summary>Linux's PATH_MAX, in bytes: no longer path can be opened anyway.</summary>
    public const int MaxPathBytes = 4096;

    /// <summary>More components than any real project nests; a longer path is an attack on the resolver.</summary>
    public const int MaxComponents = 256;

    private static readonly string[] DevicePrefixes = ["/dev/", "/proc/", "/sys/", @"\\.\", @"\\?\", "//./", "//?/"];
    private static readonly string[] WindowsDeviceNames =
        ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
         "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"];

    /// <summary>Why <paramref name="path"/> is refused as written, or null when it may be resolved.</summary>
    public static string? Check(string? path) => Check(path, OperatingSystem.IsWindows());

    /// <summary>As <see cref="Check(string?)"/>, with the platform's device-name rule chosen by the caller (for tests).</summary>
    public static string? Check(string? path, bool windowsDeviceNames)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return "is empty";
        }

        // Length first: everything after it is linear in a path that is now short.
        if (path.Length >= MaxPathBytes || Encoding.UTF8.GetByteCount(path) >= MaxPathBytes)
        {
            return $"is longer than {MaxPathBytes} bytes (PATH_MAX)";
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return "contains a NUL byte";
        }

        var normalized = path.Replace('\\', '/');
        if (normalized.Count(c => c == '/') >= MaxComponents)
        {
            return $"has more than {MaxComponents} components";
        }

        if (DevicePrefixes.Any(prefix => path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                || normalized.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            || normalized is "/dev" or "/proc" or "/sys")
        {
            return "is a device or system path";
        }

        // Only Windows opens a device for "aux.c" or "con.txt"; elsewhere they are ordinary names.
        if (windowsDeviceNames)
        {
            foreach (var part in normalized.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var stem = part.Split('.')[0].TrimEnd(' ');
                if (WindowsDeviceNames.Contains(stem, StringComparer.OrdinalIgnoreCase))
                {
                    return "names a device";
                }
            }
        }

        return null;
    }
}
