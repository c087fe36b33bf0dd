using Microsoft.CodeAnalysis;
using Agent42.Core.Plugins.Diagnostics;

namespace Agent42.Core.Plugins.Policy;

/// <summary>
/// Maps a place in the compiled image (<see cref="ImageOwner"/>) back to the source declaration that produced
/// it: the type, or the member whose body the compiler turned into a state machine, closure or helper.
/// </summary>
internal sealed class PluginSymbolLocator(Compilation compilation, string filePath)
{
    /// <summary>The declaration's place and what to call it, or null when no declaration in source matches.</summary>
    public (PluginSourceLocation Location, string Name)? Locate(ImageOwner owner)
    {
        var type = OutermostType(owner);
        if (type is null)
        {
            return null;
        }

        string? member = null;
        foreach (var name in owner.Types.Skip(1))
        {
            if (ImageOwner.SourceNameOf(name) is { } generatedFor)
            {
                member ??= generatedFor; // a state machine or closure class: the member it was made for
                break;
            }

            if (type.GetTypeMembers().FirstOrDefault(t => t.MetadataName == name) is not { } nested)
            {
                break;
            }

            type = nested;
        }

        member ??= owner.Member is { } m ? ImageOwner.SourceNameOf(m) ?? m : null;
        var symbol = member is null ? null : type.GetMembers(member).FirstOrDefault(s => s.Locations.Any(l => l.IsInSource));
        var target = symbol ?? (ISymbol)type;
        if (target.Locations.FirstOrDefault(l => l.IsInSource) is not { } location)
        {
            return null;
        }

        var display = symbol is null ? type.ToDisplayString() : type.ToDisplayString() + "." + (symbol is IMethodSymbol { MethodKind: MethodKind.Constructor } ? type.Name : symbol.Name);
        return (PluginSourceLocation.From(location, filePath), display);
    }

    private static string NamespaceOf(INamedTypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : string.Empty;

    private INamedTypeSymbol? OutermostType(ImageOwner owner)
    {
        if (owner.Types.Count == 0)
        {
            return null;
        }

        var metadataName = owner.Namespace.Length == 0 ? owner.Types[0] : owner.Namespace + "." + owner.Types[0];
        if (compilation.GetTypeByMetadataName(metadataName) is { } type)
        {
            return type;
        }

        // A script's types are nested in its script class; file-local types have mangled names the lookup may not take.
        if (compilation.ScriptClass is { } script && script.MetadataName == owner.Types[0])
        {
            return script;
        }

        return compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type).OfType<INamedTypeSymbol>()
            .FirstOrDefault(t => t.ContainingType is null && t.MetadataName == owner.Types[0] && NamespaceOf(t) == owner.Namespace);
    }
}
