namespace Agent42.Core.Security.ControlFiles;

/// <summary>One of Agent42's own files or directories, and the rule that keeps the model's tools off it.</summary>
/// <param name="FullPath">Absolute, with links resolved where the path exists.</param>
/// <param name="IsDirectory">A directory covers everything beneath it.</param>
/// <param name="Access">What the tools may still do with it.</param>
/// <param name="Rule">A short name for the rule, printed in every refusal (<c>own-secrets</c>, <c>own-state</c>, ...).</param>
/// <param name="LiftedBy">The setting that lifts the rule, printed in every refusal.</param>
internal sealed record ControlPath(string FullPath, bool IsDirectory, ControlPathAccess Access, string Rule, string LiftedBy)
{
    /// <summary>True when <paramref name="fullPath"/> is this path or, for a directory, lies beneath it.</summary>
    public bool Covers(string fullPath)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
            ? StringComparison.OrdinalIgnoreCase
            : StringComparison.Ordinal;
        var path = Path.TrimEndingDirectorySeparator(fullPath);
        if (string.Equals(path, FullPath, comparison))
        {
            return true;
        }

        return IsDirectory && path.StartsWith(FullPath + Path.DirectorySeparatorChar, comparison);
    }

    /// <summary>The refusal text for an attempt to <paramref name="verb"/> <paramref name="shownPath"/>.</summary>
    public string Refusal(string verb, string shownPath) =>
        $"refused to {verb} '{shownPath}': it is Agent42's own {Describe()} (rule {Rule}; {LiftedBy} lifts it)";

    private string Describe() => Rule switch
    {
        ControlPaths.SecretsRule => "secrets file",
        ControlPaths.StateRule => "state directory",
        ControlPaths.ToolsRule => "custom tools directory, compiled and loaded by the running host",
        ControlPaths.ConfigRule => "configuration of what it runs",
        _ => "file",
    };
}
