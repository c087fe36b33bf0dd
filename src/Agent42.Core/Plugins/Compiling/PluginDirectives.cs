using Agent42.Core.Plugins.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Agent42.Core.Plugins.Compiling;

/// <summary>
/// Checks a script's <c>#r</c> and <c>#load</c> directives: <c>#r</c> is refused (it would pull any assembly
/// into the reference set); <c>#load</c> is allowed only for files inside the tools directory.
/// </summary>
internal static class PluginDirectives
{
    /// <summary>
    /// The directive diagnostics of every tree in <paramref name="compilation"/>, the spans of refused
    /// directives, where Roslyn's own (less helpful) diagnostics are to be dropped, and every file a tree
    /// <c>#load</c>s (allowed or missing; a refused one fails the build whatever it holds), as Roslyn
    /// parsed the directive, so a trailing comment is no part of the path.
    /// </summary>
    public static (List<PluginDiagnostic> Diagnostics, List<(SyntaxTree Tree, TextSpan Span)> Refused, IReadOnlyList<string> LoadedFiles) Check(
        Compilation compilation, PluginSourceResolver resolver, string toolsDirectory, string filePath)
    {
        var diagnostics = new List<PluginDiagnostic>();
        var refused = new List<(SyntaxTree, TextSpan)>();
        var loaded = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.Options.Kind != SourceCodeKind.Script)
            {
                continue;
            }

            var root = tree.GetCompilationUnitRoot();
            foreach (var reference in root.GetReferenceDirectives())
            {
                refused.Add((tree, reference.Span));
                diagnostics.Add(PluginDiagnostic.Error(PluginSourceLocation.From(reference, filePath), PluginDiagnosticCodes.ReferenceDirective,
                    $"#r {reference.File.Text} is not allowed in tools: a tool is compiled against the framework's everyday assemblies and Agent42.Sdk only; use what those offer, and #load other tool files for shared code"));
            }

            foreach (var load in root.GetLoadDirectives())
            {
                var target = resolver.Locate(load.File.ValueText, tree.FilePath);
                if (target is null)
                {
                    // Missing for now: creating it must rebuild the script.
                    loaded.Add(Path.GetFullPath(load.File.ValueText, Path.GetDirectoryName(tree.FilePath)!));
                }
                else if (resolver.IsInside(target))
                {
                    loaded.Add(target);
                }
                else
                {
                    refused.Add((tree, load.Span));
                    diagnostics.Add(PluginDiagnostic.Error(PluginSourceLocation.From(load, filePath), PluginDiagnosticCodes.LoadOutsideToolsDirectory,
                        $"#load of '{target}' is not allowed in tools: it is outside the tools directory {toolsDirectory}; move the file into the tools directory"));
                }
            }
        }

        return (diagnostics, refused, loaded.ToArray());
    }
}
