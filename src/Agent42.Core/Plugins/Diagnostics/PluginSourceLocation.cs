using Microsoft.CodeAnalysis;

namespace Agent42.Core.Plugins.Diagnostics;

/// <summary>A place in a plugin's source: file, 1-based line and column.</summary>
internal sealed record PluginSourceLocation(string FilePath, int Line, int Column)
{
    /// <summary>The start of a file, for problems that have no better place.</summary>
    public static PluginSourceLocation StartOf(string filePath) => new(filePath, 1, 1);

    public static PluginSourceLocation From(Location location, string fallbackPath)
    {
        if (!location.IsInSource)
        {
            return StartOf(fallbackPath);
        }

        // The real place, not the one a #line directive claims: a directive must not move (or hide) where a
        // diagnostic points.
        var span = location.GetLineSpan();
        var path = string.IsNullOrEmpty(span.Path) ? fallbackPath : span.Path;
        return new PluginSourceLocation(path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
    }

    public static PluginSourceLocation From(SyntaxNode node, string fallbackPath) => From(node.GetLocation(), fallbackPath);

    public static PluginSourceLocation From(SyntaxToken token, string fallbackPath) => From(token.GetLocation(), fallbackPath);
}
