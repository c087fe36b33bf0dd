// Loaded by slugify.csx with #load. Files starting with '_' are helpers, not tools.
using System.Text;

public static class TextHelpers
{
    public static string Slug(string text, int maxLength)
    {
        var slug = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var result = slug.ToString().Trim('-');
        return result.Length <= maxLength ? result : result[..maxLength].TrimEnd('-');
    }
}
