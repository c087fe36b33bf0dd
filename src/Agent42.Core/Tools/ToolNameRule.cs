using System.Diagnostics.CodeAnalysis;

namespace Agent42.Core.Tools;

/// <summary>
/// What a tool's name may be: the one rule for plugin validation and <c>agent42 tools new</c>. Names are what
/// a model types to call a tool, so they stay short, lower case and free of punctuation.
/// </summary>
internal static class ToolNameRule
{
    public const string Pattern = "^[a-z][a-z0-9_]{1,48}$";

    /// <summary>The prefix of every MCP server's tool in the registry; no built-in or plugin tool may start with it, so they never clash.</summary>
    public const string McpPrefix = "mcp_";

    /// <summary>Whether <paramref name="name"/> is kept for MCP servers' tools.</summary>
    public static bool IsMcpName(string name) => name.StartsWith(McpPrefix, StringComparison.Ordinal);

    /// <summary>The rule in words, for a plugin's diagnostic.</summary>
    public const string Requirement = "2 to 49 lower-case letters, digits or underscores, starting with a letter";

    /// <summary>
    /// The rule in the words <c>tools new</c> has always printed; kept apart from <see cref="Requirement"/> only
    /// because CLI text may not change in a restructuring (issue 9).
    /// </summary>
    public const string UsageHint = "use 2-49 lower case letters, digits and _, starting with a letter";

    /// <summary>
    /// Whether <paramref name="name"/> matches <see cref="Pattern"/> exactly. Checked by hand: the first regex of a
    /// process was half of what validating 50 cached tools cost at start (scripts/bench-plugins.sh), and a regex's
    /// <c>$</c> also matches before a trailing line break, which let <c>"name\n"</c> through.
    /// </summary>
    public static bool IsValid([NotNullWhen(true)] string? name)
    {
        if (name is not { Length: >= 2 and <= 49 } || !char.IsAsciiLetterLower(name[0]))
        {
            return false;
        }

        foreach (var c in name.AsSpan(1))
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
