namespace Agent42.Core.Plugins.Sources;

/// <summary>
/// Which files in the tools directory are tool sources: <c>*.cs</c> and <c>*.csx</c>, not starting with
/// <c>_</c> (kept for <c>#load</c> helpers) or <c>.</c>, and not an editor's temp or backup file.
/// </summary>
internal static class PluginFileRules
{
    private static readonly string[] EditorSuffixes = ["~", ".swp", ".swo", ".swx", ".tmp", ".bak", ".orig", ".kate-swp"];

    public static bool IsToolSource(string path)
    {
        var name = Path.GetFileName(path);
        if (name.Length == 0 || name[0] is '_' or '.' or '#' || name.EndsWith('#'))
        {
            return false;
        }

        if (EditorSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var extension = Path.GetExtension(name);
        return extension.Equals(".cs", StringComparison.OrdinalIgnoreCase) || extension.Equals(".csx", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A <c>_name.cs</c> or <c>_name.csx</c> file: not a tool itself, but a script may <c>#load</c> it.</summary>
    public static bool IsLoadableHelper(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith('_') && IsToolSource(name[1..]);
    }

    public static bool IsScript(string path) => Path.GetExtension(path).Equals(".csx", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every tool source directly in <paramref name="directory"/>, ordered by path so start-up is deterministic.</summary>
    public static IReadOnlyList<string> Discover(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory).Where(IsToolSource).Order(StringComparer.Ordinal).ToArray()
            : [];
}
