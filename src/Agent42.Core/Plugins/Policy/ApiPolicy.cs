using System.Collections.Immutable;
using Agent42.Core.Plugins.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Agent42.Core.Plugins.Policy;

/// <summary>
/// Decides whether tool code may use what it uses, by what the compiled code actually references: a scan of
/// the emitted image's metadata (cheap, and blind to spelling) and a walk of the semantic model (for
/// diagnostics with line and column). The rules are <see cref="ApiPolicyRules"/>.
/// </summary>
/// <remarks>
/// The walk binds the whole file a second time, which costs as much as compiling it, so it runs only when it
/// can add something: when the compilation failed (to explain what it could bind), when the scan found a
/// refused API (to say where), or when the source names something the scan cannot judge by itself (see
/// <see cref="NeedsWalk"/>). When the image scans clean and none of those names appear, the walk could only
/// report unused imports, <c>nameof</c>s and constants: nothing a tool can act on. When both run, both sets are
/// reported at once: the walk's at the code that was written, and what only the image shows (compiler-generated
/// code, flags) at the declaration that produced it.
/// </remarks>
internal sealed class ApiPolicy(ApiRuleSet rules, IReadOnlySet<string> triggerNames)
{
    private readonly HashSet<string> _constructCodes = new[] { "extern", "dynamic", "unsafe" }.Select(k => rules.Syntax(k).Code).ToHashSet(StringComparer.Ordinal);

    public static ApiPolicy Default { get; } = new(ApiPolicyRules.Compiled, TriggerNamesOf(ApiPolicyRules.Compiled, ApiPolicyRules.CompilerEmitted));

    /// <summary>Identifiers whose presence in the source makes the walk run even when the image scans clean.</summary>
    public IReadOnlySet<string> TriggerNames => triggerNames;

    /// <summary>Checks a compilation and, when it emitted one, its image.</summary>
    /// <param name="compilation">The compilation: the file and what it <c>#load</c>s.</param>
    /// <param name="image">The emitted image, or an empty array when the compilation failed.</param>
    /// <param name="allowedAssemblies">The assemblies the image may reference.</param>
    /// <param name="filePath">The tool file, for diagnostics without a better place.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    public IReadOnlyList<PluginDiagnostic> Check(
        Compilation compilation, ImmutableArray<byte> image, IReadOnlySet<string> allowedAssemblies, string filePath, CancellationToken cancellationToken)
    {
        if (image.IsDefaultOrEmpty)
        {
            return CheckSource(compilation, filePath, cancellationToken);
        }

        var scanned = ApiMetadataScanner.Scan(image, rules, allowedAssemblies, filePath, new PluginSymbolLocator(compilation, filePath));
        if (scanned.Count == 0 && !NeedsWalk(compilation, cancellationToken))
        {
            return [];
        }

        var walked = CheckSource(compilation, filePath, cancellationToken);
        return [.. walked, .. scanned.Where(d => !IsReported(d, walked))];
    }

    /// <summary>
    /// Whether the walk already reported what a scan finding names: the same API, a member of the same type
    /// (the image references <c>File</c> as well as <c>File.ReadAllText</c>), or the same construct (the native
    /// imports behind <c>extern</c>, the binder calls behind <c>dynamic</c>, which the walk reports at the keyword).
    /// </summary>
    private bool IsReported(PluginDiagnostic scanned, IReadOnlyList<PluginDiagnostic> walked)
    {
        var what = WhatOf(scanned);
        return walked.Any(w =>
        {
            var written = WhatOf(w);
            return written == what || written.StartsWith(what + ".", StringComparison.Ordinal) || what.StartsWith(written + ".", StringComparison.Ordinal)
                || (w.Code == scanned.Code && _constructCodes.Contains(w.Code));
        });
    }

    /// <summary>The API or construct a policy diagnostic names, to tell the walk's and the scan's findings of one thing apart.</summary>
    private static string WhatOf(PluginDiagnostic diagnostic)
    {
        var end = diagnostic.Message.IndexOf(" is not allowed in tools:", StringComparison.Ordinal);
        return end < 0 ? diagnostic.Message : diagnostic.Message[..end];
    }

    /// <summary>Walks every syntax tree of <paramref name="compilation"/> (the file and what it <c>#load</c>s).</summary>
    public IReadOnlyList<PluginDiagnostic> CheckSource(Compilation compilation, string filePath, CancellationToken cancellationToken)
    {
        var diagnostics = new List<PluginDiagnostic>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            diagnostics.AddRange(ApiPolicyWalker.Check(model, rules, filePath, cancellationToken));
        }

        return diagnostics;
    }

    /// <summary>Scans the references of a compiled image.</summary>
    public IReadOnlyList<PluginDiagnostic> CheckImage(ImmutableArray<byte> image, IReadOnlySet<string> allowedAssemblies, string filePath) =>
        ApiMetadataScanner.Scan(image, rules, allowedAssemblies, filePath);

    /// <summary>
    /// Whether the source names what a clean scan cannot vouch for: a type whose compiler-emitted members the
    /// scan accepts (written by hand, they are refused), <c>dynamic</c> (a dynamic value that is never used
    /// leaves no trace in the image), <c>__makeref</c> and friends (typed references are primitives in
    /// metadata), <c>extern</c>, or a <c>using</c> that is not plainly an allowed namespace.
    /// </summary>
    private bool NeedsWalk(Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var root = tree.GetRoot(cancellationToken);
            foreach (var token in root.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) ? triggerNames.Contains(token.ValueText) : IsTriggerKeyword(token.Kind()))
                {
                    return true;
                }
            }

            foreach (var directive in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>())
            {
                if (directive.Alias is not null || directive.StaticKeyword.IsKind(SyntaxKind.StaticKeyword)
                    || directive.NamespaceOrType is not NameSyntax name
                    || rules.CheckNamespace(name.ToString().Replace("global::", string.Empty, StringComparison.Ordinal)) is not null)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsTriggerKeyword(SyntaxKind kind) =>
        kind is SyntaxKind.ExternKeyword or SyntaxKind.UnsafeKeyword or SyntaxKind.MakeRefKeyword or SyntaxKind.RefTypeKeyword
            or SyntaxKind.RefValueKeyword or SyntaxKind.ArgListKeyword;

    /// <summary>
    /// The simple names of the types whose members the scan accepts as compiler-emitted (<c>Unsafe</c> in
    /// <c>System.Runtime.CompilerServices.Unsafe.As</c>),
    /// attributes also without their suffix, and <c>dynamic</c>.
    /// </summary>
    internal static HashSet<string> TriggerNamesOf(ApiRuleSet rules, IEnumerable<string> compilerEmitted)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { "dynamic" };
        foreach (var target in compilerEmitted)
        {
            // An entry names a type (System.RuntimeTypeHandle) or a type's member (Unsafe.As); a namespace no rule
            // names (System.Threading.Tasks.Sources) must not pass for the type.
            var parts = target.Split('.');
            var type = rules.NamesNamespace(string.Join('.', parts[..^1])) ? parts[^1] : parts[^2];
            names.Add(type);
            if (type.EndsWith("Attribute", StringComparison.Ordinal))
            {
                names.Add(type[..^"Attribute".Length]);
            }
        }

        return names;
    }
}
