using System.Text.RegularExpressions;

namespace Agent42.Core.Plugins.Sources;

/// <summary>
/// The files a script <c>#load</c>s, read from its text without Roslyn: the compile cache's key needs them
/// before anything is compiled, and a cached start must not load the compiler. Whether a <c>#load</c> is
/// allowed is the compiler's check (<see cref="Compiling.PluginDirectives"/>).
/// </summary>
internal static partial class PluginLoadDirectives
{
    /// <summary>The <c>#load</c>ed files of a script, resolved against its directory, in path order.</summary>
    public static IReadOnlyList<string> LoadedFiles(PluginSourceFile file)
    {
        if (!PluginFileRules.IsScript(file.Path))
        {
            return [];
        }

        var directory = Path.GetDirectoryName(file.Path)!;
        return LoadDirective().Matches(file.Text)
            .Select(m => Path.GetFullPath(m.Groups[1].Value, directory))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    [GeneratedRegex("""^\s*#load\s+"([^"]+)"\s*$""", RegexOptions.Multiline)]
    private static partial Regex LoadDirective();
}
