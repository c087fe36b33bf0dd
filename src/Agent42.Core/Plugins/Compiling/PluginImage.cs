using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Agent42.Core.Plugins.Diagnostics;

namespace Agent42.Core.Plugins.Compiling;

/// <summary>Reads what a cached build needs from an image and its PDB, without Roslyn or loading anything.</summary>
internal static class PluginImage
{
    public static string AssemblyNameOf(ImmutableArray<byte> image)
    {
        using var pe = new PEReader(image);
        var reader = pe.GetMetadataReader();
        return reader.GetString(reader.GetAssemblyDefinition().Name);
    }

    /// <summary>
    /// For each type, by reflection full name, the earliest source position of its code in the PDB: close to
    /// its declaration, which the PDB does not record.
    /// </summary>
    public static IReadOnlyDictionary<string, PluginSourceLocation> LocateTypes(ImmutableArray<byte> image, ImmutableArray<byte> pdb, string filePath)
    {
        var locations = new Dictionary<string, PluginSourceLocation>(StringComparer.Ordinal);
        if (pdb.IsDefaultOrEmpty)
        {
            return locations;
        }

        try
        {
            using var pe = new PEReader(image);
            var reader = pe.GetMetadataReader();
            using var pdbProvider = MetadataReaderProvider.FromPortablePdbImage(pdb);
            var pdbReader = pdbProvider.GetMetadataReader();
            foreach (var handle in reader.TypeDefinitions)
            {
                var type = reader.GetTypeDefinition(handle);
                PluginSourceLocation? first = null;
                foreach (var method in type.GetMethods())
                {
                    var points = pdbReader.GetMethodDebugInformation(method.ToDebugInformationHandle()).GetSequencePoints();
                    foreach (var point in points)
                    {
                        if (!point.IsHidden && (first is null || (point.StartLine, point.StartColumn).CompareTo((first.Line, first.Column)) < 0))
                        {
                            var document = pdbReader.GetString(pdbReader.GetDocument(point.Document).Name);
                            first = new PluginSourceLocation(string.IsNullOrEmpty(document) ? filePath : document, point.StartLine, point.StartColumn);
                        }
                    }
                }

                if (first is not null)
                {
                    locations[FullName(reader, type)] = first;
                }
            }
        }
        catch (BadImageFormatException)
        {
            // A damaged PDB costs only the positions.
        }

        return locations;
    }

    private static string FullName(MetadataReader reader, TypeDefinition type)
    {
        var name = reader.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return FullName(reader, reader.GetTypeDefinition(declaring)) + "+" + name;
        }

        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }
}
