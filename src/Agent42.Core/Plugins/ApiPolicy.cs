using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Agent42.Core.Plugins;

/// <summary>
/// Decides whether tool code may use what it uses, by what the compiled code actually references: a walk of
/// the semantic model (for diagnostics with line and column) and a scan of the emitted image's metadata (the
/// backstop for anything the walk missed). The rules are <see cref="ApiPolicyRules"/>.
/// </summary>
internal sealed class ApiPolicy(ApiRuleSet rules)
{
    public static ApiPolicy Default { get; } = new(ApiPolicyRules.Compiled);

    /// <summary>Checks every syntax tree of <paramref name="compilation"/> (the file and what it <c>#load</c>s).</summary>
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

    /// <summary>Checks the references of a compiled image.</summary>
    public IReadOnlyList<PluginDiagnostic> CheckImage(ImmutableArray<byte> image, IReadOnlySet<string> allowedAssemblies, string filePath) =>
        ApiMetadataScanner.Scan(image, rules, allowedAssemblies, filePath);
}
