using System.Diagnostics;

namespace Agent42.Tests.Support;

/// <summary>
/// Makes the file system objects the file tools must refuse (hard links, FIFOs, device nodes, bind mounts) with the
/// system's own commands, so what is tested is what the OS does.
/// </summary>
internal static class Posix
{
    /// <summary>Runs <paramref name="program"/>; true when it exits 0. The error text is kept for skip reasons.</summary>
    public static bool TryRun(string program, out string error, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0;
    }

    public static void Run(string program, params string[] args)
    {
        if (!TryRun(program, out var error, args))
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed: {error}");
        }
    }

    public static void HardLink(string existing, string link) => Run("ln", existing, link);

    public static void MakeFifo(string path) => Run("mkfifo", path);
}
