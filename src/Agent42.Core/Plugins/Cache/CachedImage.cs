using Agent42.Core.Plugins.Diagnostics;

namespace Agent42.Core.Plugins.Cache;

/// <summary>A compiled tool image and its PDB, as stored in the compile cache.</summary>
/// <param name="Key">The cache key.</param>
/// <param name="AssemblyName">The image's assembly name.</param>
/// <param name="Image">The assembly.</param>
/// <param name="Pdb">Its portable PDB.</param>
/// <param name="SchemaValidatedTypes">Tool types whose parameter schemas passed validation when the image was first loaded.</param>
/// <param name="TypeLocations">Where each type is declared, for diagnostics, so a cached load need not read the PDB.</param>
/// <param name="Dependencies">
/// The files the source <c>#load</c>ed when it was compiled, with the hashes of their bytes then: the entry holds
/// only while they are unchanged.
/// </param>
internal sealed record CachedImage(
    string Key,
    string AssemblyName,
    byte[] Image,
    byte[] Pdb,
    IReadOnlyList<string> SchemaValidatedTypes,
    IReadOnlyDictionary<string, PluginSourceLocation> TypeLocations,
    IReadOnlyList<CachedDependency> Dependencies)
{
    /// <summary>
    /// The validated schemas themselves (compact JSON, by tool type), so a cached start takes them from here and
    /// never runs a plugin's schema getter again.
    /// </summary>
    public IReadOnlyDictionary<string, string> Schemas { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The tools the image's first activation registered, when it activated without a diagnostic: a cached start
    /// registers these and activates the image at the first call. Empty: the start activates it eagerly.
    /// </summary>
    public IReadOnlyList<CachedTool> Tools { get; init; } = [];
}
