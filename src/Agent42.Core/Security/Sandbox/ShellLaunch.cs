using System.Diagnostics;

namespace Agent42.Core.Security.Sandbox;

/// <summary>How one shell command starts: inside bubblewrap, without it, or not at all (<see cref="Error"/>).</summary>
internal sealed record ShellLaunch(ProcessStartInfo? StartInfo, bool Sandboxed, string? Error)
{
    public static ShellLaunch Refused(string error) => new(null, false, error);
}
