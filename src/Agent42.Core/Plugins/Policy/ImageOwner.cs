using System.Text.RegularExpressions;

namespace Agent42.Core.Plugins.Policy;

/// <summary>
/// Where in a compiled image something was found: the defining type (its namespace and the chain of metadata
/// type names, outermost first) and, when it was found in a member, that member's metadata name.
/// </summary>
internal sealed partial record ImageOwner(string Namespace, IReadOnlyList<string> Types, string? Member)
{
    /// <summary>Whether the place is code the compiler wrote (a state machine, a closure, a synthesized member).</summary>
    public bool IsGenerated => Types.Any(IsGeneratedName) || (Member is not null && IsGeneratedName(Member));

    /// <summary>The source name a compiler-generated metadata name was made from (<c>&lt;Items&gt;d__3</c> is Items), or null.</summary>
    public static string? SourceNameOf(string metadataName)
    {
        if (!metadataName.StartsWith('<'))
        {
            return null;
        }

        var end = metadataName.IndexOf('>', StringComparison.Ordinal);
        return end > 1 ? metadataName[1..end] : null;
    }

    /// <summary>A file-local type's mangled name, <c>&lt;probe&gt;F3A9...__Helper</c>: the user's type, not the compiler's.</summary>
    public static bool IsFileLocalName(string name) => FileLocal().IsMatch(name);

    private static bool IsGeneratedName(string name) => name.Contains('<', StringComparison.Ordinal) && !IsFileLocalName(name);

    [GeneratedRegex(@"^<[^>]*>F[0-9A-Fa-f]+__[^<>]+$", RegexOptions.CultureInvariant)]
    private static partial Regex FileLocal();
}
