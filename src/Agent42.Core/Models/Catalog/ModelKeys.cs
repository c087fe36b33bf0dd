using System.Text;

namespace Agent42.Core.Models.Catalog;

/// <summary>Agent42's keys for discovered free OpenRouter models: <c>or-free-&lt;slug&gt;</c>.</summary>
internal static class ModelKeys
{
    public const string FreePrefix = "or-free-";

    /// <summary>
    /// The slug of an OpenRouter id: the provider prefix and <c>:free</c> dropped, lower case, and anything outside
    /// <c>[a-z0-9-]</c> turned into <c>-</c> (runs collapsed).
    /// </summary>
    public static string Slug(string id)
    {
        var slash = id.IndexOf('/', StringComparison.Ordinal);
        var name = slash >= 0 ? id[(slash + 1)..] : id;
        if (name.EndsWith(":free", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^":free".Length];
        }

        return Clean(name);
    }

    public static string FreeKey(string id) => FreePrefix + Slug(id);

    /// <summary>The key with the provider in it, for when two providers' models would share a slug.</summary>
    public static string QualifiedFreeKey(string id)
    {
        var slash = id.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? $"{FreePrefix}{Clean(id[..slash])}-{Slug(id)}" : FreeKey(id);
    }

    private static string Clean(string text)
    {
        var slug = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-');
    }
}
