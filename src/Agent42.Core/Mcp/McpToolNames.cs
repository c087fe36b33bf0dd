using System.Security.Cryptography;
using System.Text;
using Agent42.Core.Tools;

namespace Agent42.Core.Mcp;

/// <summary>
/// The names MCP tools get in the registry: <c>mcp_&lt;server&gt;_&lt;tool&gt;</c>, lower case, every character outside
/// <c>[a-z0-9_]</c> turned into <c>_</c>, so they fit <see cref="ToolNameRule"/>. A name longer than 49 characters is
/// cut to 42 and given <c>_</c> and six hex digits of SHA-256 over the server's and the tool's own names; so is every
/// name of a group that would come out the same, except the one member that needed no change (a lower-case
/// alphanumeric server name and a tool name already in the pattern), which keeps the plain name. The hash depends only
/// on the two names, so a tool keeps its name across restarts.
/// </summary>
internal static class McpToolNames
{
    public const string Prefix = ToolNameRule.McpPrefix;
    private const int MaxLength = 49;
    private const int HashLength = 6;

    /// <summary>A name for each tool; tools that no rule can separate (a crafted clash with a hashed name) are left out.</summary>
    public static IReadOnlyDictionary<McpToolKey, string> Assign(IEnumerable<McpToolKey> tools)
    {
        var keys = tools.Distinct().OrderBy(k => k.Server, StringComparer.Ordinal).ThenBy(k => k.Tool, StringComparer.Ordinal).ToArray();
        var plain = keys.ToDictionary(k => k, Plain);
        var names = new Dictionary<McpToolKey, string>();
        foreach (var group in keys.GroupBy(k => plain[k], StringComparer.Ordinal))
        {
            var members = group.ToArray();
            foreach (var key in members)
            {
                var keepsPlain = plain[key].Length <= MaxLength && (members.Length == 1 || IsExact(key));
                names[key] = keepsPlain ? plain[key] : Hashed(plain[key], key);
            }
        }

        // A hashed name can only equal another name if a server chose a tool name to match it: the first, in order of
        // server and tool, keeps it and the other is left out rather than shadowing it.
        var taken = new HashSet<string>(StringComparer.Ordinal);
        return names.OrderBy(p => plain[p.Key].Length <= MaxLength && IsExact(p.Key) ? 0 : 1)
            .ThenBy(p => p.Key.Server, StringComparer.Ordinal).ThenBy(p => p.Key.Tool, StringComparer.Ordinal)
            .Where(p => taken.Add(p.Value))
            .ToDictionary(p => p.Key, p => p.Value);
    }

    /// <summary><c>mcp_&lt;server&gt;_&lt;tool&gt;</c> sanitised, before any cut.</summary>
    public static string Plain(McpToolKey key) => Prefix + Sanitise(key.Server) + "_" + Sanitise(key.Tool);

    // Unambiguous: the server part has no '_' (so where it ends is known) and neither part was changed.
    private static bool IsExact(McpToolKey key) =>
        key.Server.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
        && key.Tool.Length > 0 && key.Tool.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    private static string Sanitise(string text)
    {
        var result = new StringBuilder(Math.Min(text.Length, 64));
        foreach (var c in text)
        {
            if (result.Length >= 64)
            {
                break;
            }

            result.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        }

        return result.Length == 0 ? "_" : result.ToString();
    }

    private static string Hashed(string plain, McpToolKey key)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(key.Server + "\n" + key.Tool));
        var hash = Convert.ToHexStringLower(digest)[..HashLength];
        var stem = plain.Length > MaxLength - HashLength - 1 ? plain[..(MaxLength - HashLength - 1)] : plain;
        return stem + "_" + hash;
    }
}
