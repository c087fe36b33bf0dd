using System.Diagnostics;

namespace Agent42.Core.Security.Sandbox;

/// <summary>How one shell command starts: inside bubblewrap, without it, or not at all (<see cref="Error"/>).</summary>
/// <param name="Lease">Disposed once the command's processes are gone, so the sandbox can tidy up after it.</param>
internal sealed record ShellLaunch(ProcessStartInfo? StartInfo, bool Sandboxed, string? Error, IDisposable? Lease = null)
{
    public static ShellLaunch Refused(string error) => new(null, false, error);
}
