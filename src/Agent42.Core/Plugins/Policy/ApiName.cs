using System.Text;

namespace Agent42.Core.Plugins.Policy;

/// <summary>
/// The name of an API as the policy sees it, the same whether it came from a Roslyn symbol or from metadata:
/// namespace, the chain of type names (outermost first, generic arity dropped) and, for a member, its
/// metadata name without accessor prefix (<c>get_Length</c> is <c>Length</c>).
/// </summary>
internal readonly record struct ApiName(string Namespace, IReadOnlyList<string> Types, string? Member)
{
    private static readonly string[] AccessorPrefixes = ["get_", "set_", "add_", "remove_"];

    /// <summary>The full type name, nested types joined with dots: <c>System.Environment.SpecialFolder</c>.</summary>
    public string TypeName => Join(Types.Count);

    /// <summary>What a diagnostic calls this API: the type, or <c>Type.Member</c>; constructors are their type.</summary>
    public string Display => Member is null or ".ctor" or ".cctor" ? TypeName : TypeName + "." + Member;

    public static string StripArity(string name)
    {
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }

    public static string StripAccessor(string member)
    {
        foreach (var prefix in AccessorPrefixes)
        {
            if (member.Length > prefix.Length && member.StartsWith(prefix, StringComparison.Ordinal))
            {
                return member[prefix.Length..];
            }
        }

        return member;
    }

    /// <summary>The type name up to the <paramref name="depth"/>-th type (1 = outermost).</summary>
    public string Join(int depth)
    {
        var builder = new StringBuilder(Namespace);
        for (var i = 0; i < depth; i++)
        {
            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(Types[i]);
        }

        return builder.ToString();
    }
}
