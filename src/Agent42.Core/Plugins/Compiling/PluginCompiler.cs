using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Agent42.Core.Plugins.Cache;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins.Policy;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace Agent42.Core.Plugins.Compiling;

/// <summary>
/// Compiles one tool file with Roslyn against <see cref="PluginReferenceSet"/>, emits the image and a portable
/// PDB, and applies <see cref="ApiPolicy"/>. A <c>.cs</c> file is a library; a <c>.csx</c> file is parsed as a
/// script and compiled with <see cref="CSharpCompilation.CreateScriptCompilation"/> (never run: its top-level
/// statements are ignored, only its tool classes are used). Thread-safe; holds no plugin state.
/// </summary>
internal sealed class PluginCompiler
{
    private static readonly string[] ScriptUsings =
        ["System", "System.Collections.Generic", "System.Linq", "System.Text", "System.Text.Json", "System.Threading", "System.Threading.Tasks", "Agent42.Sdk"];

    /// <summary>Bump when the parse, compilation or emit options below change.</summary>
    internal const int OptionsVersion = 1;

    private static readonly EmitOptions EmitOptions = new(debugInformationFormat: DebugInformationFormat.PortablePdb);

    private readonly string _toolsDirectory;
    private readonly PluginSourceResolver _resolver;
    private readonly ApiPolicy _policy;
    private readonly PluginReferenceSet _references;
    private readonly CSharpParseOptions _regularParse = new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Regular);
    private readonly CSharpParseOptions _scriptParse = new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Script);
    private readonly CSharpCompilationOptions _libraryOptions;
    private readonly CSharpCompilationOptions _scriptOptions;

    public PluginCompiler(string toolsDirectory)
        : this(toolsDirectory, ApiPolicy.Default, PluginReferenceSet.Default)
    {
    }

    public PluginCompiler(string toolsDirectory, ApiPolicy policy, PluginReferenceSet references)
    {
        _toolsDirectory = Path.GetFullPath(toolsDirectory);
        _resolver = new PluginSourceResolver(_toolsDirectory);
        _policy = policy;
        _references = references;
        _libraryOptions = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            optimizationLevel: OptimizationLevel.Release,
            nullableContextOptions: NullableContextOptions.Enable,
            allowUnsafe: false,
            deterministic: true,
            concurrentBuild: false, // a tool file is small: parallel binding would only add scheduling
            sourceReferenceResolver: _resolver,
            metadataReferenceResolver: null); // no resolver: #r cannot pull anything in
        _scriptOptions = _libraryOptions.WithUsings(ScriptUsings);
    }

    /// <summary>The Roslyn compiler's version, for a compile cache's key.</summary>
    public static string CompilerVersion => PluginFingerprint.CompilerVersion;

    /// <summary>
    /// Everything besides the source that decides what a build produces (see <see cref="PluginFingerprint"/>).
    /// A compile cache keys on it, with the content of <see cref="PluginBuild.SourceFiles"/>.
    /// </summary>
    public static string Fingerprint => PluginFingerprint.Value;

    public string ToolsDirectory => _toolsDirectory;

    /// <summary>Compiles <paramref name="sourceText"/> as the content of <paramref name="filePath"/>.</summary>
    public PluginBuild Compile(string filePath, string sourceText, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        filePath = Path.GetFullPath(filePath);
        var isScript = string.Equals(Path.GetExtension(filePath), ".csx", StringComparison.OrdinalIgnoreCase);
        var text = SourceText.From(sourceText, Encoding.UTF8, SourceHashAlgorithm.Sha256);
        var tree = CSharpSyntaxTree.ParseText(text, isScript ? _scriptParse : _regularParse, filePath, cancellationToken);
        var assemblyName = UniqueAssemblyName(filePath);
        var compilation = isScript
            ? CSharpCompilation.CreateScriptCompilation(assemblyName, tree, _references.References, _scriptOptions, returnType: typeof(object))
            : CSharpCompilation.Create(assemblyName, [tree], _references.References, _libraryOptions);

        var (diagnostics, refused, loadedFiles) = PluginDirectives.Check(compilation, _resolver, _toolsDirectory, filePath);
        using var peStream = new MemoryStream();
        using var pdbStream = new MemoryStream();
        var emitted = compilation.Emit(peStream, pdbStream, options: EmitOptions, cancellationToken: cancellationToken);
        diagnostics.AddRange(emitted.Diagnostics
            .Where(d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Warning && !d.IsSuppressed)
            .Where(d => !refused.Any(r => d.Location.SourceTree == r.Tree && d.Location.SourceSpan.IntersectsWith(r.Span)))
            .Select(d => PluginDiagnostic.FromRoslyn(d, filePath)));
        var compiled = Stopwatch.GetTimestamp();

        var image = emitted.Success && !diagnostics.Any(d => d.IsError) ? ImmutableArray.Create(peStream.ToArray()) : [];
        diagnostics.AddRange(_policy.Check(compilation, image, _references.AssemblyNames, filePath, cancellationToken));

        var policyTime = Stopwatch.GetElapsedTime(compiled);
        var compileTime = Stopwatch.GetElapsedTime(started, compiled);
        var sorted = diagnostics.OrderBy(d => d.FilePath, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ToArray();
        string[] sourceFiles = [filePath, .. loadedFiles.Where(f => f != filePath)];
        return image.IsDefaultOrEmpty || sorted.Any(d => d.IsError)
            ? PluginBuild.Failed(filePath, assemblyName, sorted, sourceFiles, compileTime, policyTime)
            : PluginBuild.Compiled(filePath, assemblyName, image, ImmutableArray.Create(pdbStream.ToArray()), sorted, sourceFiles,
                TypeLocations(compilation, filePath), compileTime, policyTime);
    }

    /// <summary>Compiles a small tool once, so that Roslyn's cold start is not paid on the user's first edit.</summary>
    public void WarmUp()
    {
        const string Source = """
            using System.ComponentModel;
            using System.Threading;
            using System.Threading.Tasks;
            using Agent42.Sdk;

            public sealed class WarmUpTool : Tool<WarmUpTool.Arguments>
            {
                public override string Name => "warm_up";
                public override string Description => "Warms the compiler up.";
                protected override Task<ToolResult> RunAsync(Arguments arguments, CancellationToken cancellationToken) =>
                    Task.FromResult(ToolResult.Ok(string.Join(",", [arguments.Text, arguments.Text])));
                public sealed record Arguments([property: Description("Text.")] string Text);
            }
            """;
        Compile(Path.Combine(_toolsDirectory, "warm_up.cs"), Source);
    }

    private static string UniqueAssemblyName(string filePath)
    {
        var stem = new string(Path.GetFileNameWithoutExtension(filePath).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return $"agent42.tool.{stem}.{Guid.NewGuid():N}";
    }

    /// <summary>Where each source type is declared, by reflection full name.</summary>
    private static Dictionary<string, PluginSourceLocation> TypeLocations(Compilation compilation, string filePath)
    {
        var locations = new Dictionary<string, PluginSourceLocation>(StringComparer.Ordinal);
        foreach (var symbol in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type).OfType<INamedTypeSymbol>())
        {
            if (symbol.Locations.FirstOrDefault(l => l.IsInSource) is { } location)
            {
                locations[ReflectionName(symbol)] = PluginSourceLocation.From(location, filePath);
            }
        }

        return locations;
    }

    private static string ReflectionName(INamedTypeSymbol type)
    {
        if (type.ContainingType is { } outer)
        {
            return ReflectionName(outer) + "+" + type.MetadataName;
        }

        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;
    }
}
