using System.Collections.Immutable;
using Agent42.Core.Plugins.Diagnostics;

namespace Agent42.Core.Plugins.Compiling;

/// <summary>
/// The outcome of compiling one tool file: the image and portable PDB when it succeeded, and every
/// diagnostic either way. Holds bytes and strings only, never a loaded type, so it can be cached.
/// </summary>
internal sealed class PluginBuild
{
    private PluginBuild(
        string filePath,
        string assemblyName,
        ImmutableArray<byte> image,
        ImmutableArray<byte> pdb,
        IReadOnlyList<PluginDiagnostic> diagnostics,
        IReadOnlyList<string> sourceFiles,
        IReadOnlyDictionary<string, PluginSourceLocation> typeLocations)
    {
        FilePath = filePath;
        AssemblyName = assemblyName;
        Image = image;
        Pdb = pdb;
        Diagnostics = diagnostics;
        SourceFiles = sourceFiles;
        TypeLocations = typeLocations;
    }

    /// <summary>The tool file's full path.</summary>
    public string FilePath { get; }

    /// <summary>The compiled assembly's name, unique per build.</summary>
    public string AssemblyName { get; }

    /// <summary>The assembly image; empty when the build failed.</summary>
    public ImmutableArray<byte> Image { get; }

    /// <summary>The portable PDB, so a tool's exceptions carry file and line; empty when the build failed.</summary>
    public ImmutableArray<byte> Pdb { get; }

    /// <summary>Compiler, directive and policy diagnostics, errors and warnings.</summary>
    public IReadOnlyList<PluginDiagnostic> Diagnostics { get; }

    /// <summary>The file and every file it <c>#load</c>s: what a cache must watch.</summary>
    public IReadOnlyList<string> SourceFiles { get; }

    /// <summary>
    /// Where each type is declared, by its reflection full name (<c>Ns.Outer+Inner</c>), for diagnostics
    /// about a tool found when loading.
    /// </summary>
    public IReadOnlyDictionary<string, PluginSourceLocation> TypeLocations { get; }

    /// <summary>Time spent parsing, compiling and emitting.</summary>
    public TimeSpan CompileTime { get; private init; }

    /// <summary>Time spent in the API policy (walk and scan).</summary>
    public TimeSpan PolicyTime { get; private init; }

    /// <summary>Whether there is an image to load: no errors of any kind.</summary>
    public bool Succeeded => !Image.IsDefaultOrEmpty && !Diagnostics.Any(d => d.IsError);

    public static PluginBuild Failed(
        string filePath,
        string assemblyName,
        IReadOnlyList<PluginDiagnostic> diagnostics,
        IReadOnlyList<string> sourceFiles,
        TimeSpan compileTime,
        TimeSpan policyTime) =>
        new(filePath, assemblyName, [], [], diagnostics, sourceFiles, ImmutableDictionary<string, PluginSourceLocation>.Empty)
        {
            CompileTime = compileTime,
            PolicyTime = policyTime,
        };

    public static PluginBuild Compiled(
        string filePath,
        string assemblyName,
        ImmutableArray<byte> image,
        ImmutableArray<byte> pdb,
        IReadOnlyList<PluginDiagnostic> diagnostics,
        IReadOnlyList<string> sourceFiles,
        IReadOnlyDictionary<string, PluginSourceLocation> typeLocations,
        TimeSpan compileTime,
        TimeSpan policyTime) =>
        new(filePath, assemblyName, image, pdb, diagnostics, sourceFiles, typeLocations)
        {
            CompileTime = compileTime,
            PolicyTime = policyTime,
        };

    /// <summary>
    /// A build from a cached image and PDB, loadable without Roslyn. Without <paramref name="typeLocations"/>,
    /// diagnostics about a tool point at the first line of its code that the PDB knows.
    /// </summary>
    public static PluginBuild FromImage(
        string filePath,
        ImmutableArray<byte> image,
        ImmutableArray<byte> pdb,
        IReadOnlyList<PluginDiagnostic>? warnings = null,
        IReadOnlyList<string>? sourceFiles = null,
        IReadOnlyDictionary<string, PluginSourceLocation>? typeLocations = null,
        string? assemblyName = null)
    {
        if (image.IsDefaultOrEmpty)
        {
            throw new ArgumentException("A cached build needs an image.", nameof(image));
        }

        var locations = typeLocations ?? PluginImage.LocateTypes(image, pdb, filePath);
        return new(filePath, assemblyName ?? PluginImage.AssemblyNameOf(image), image, pdb.IsDefault ? [] : pdb,
            warnings ?? [], sourceFiles ?? [filePath], locations);
    }
}
