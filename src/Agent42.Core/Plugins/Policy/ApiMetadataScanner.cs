using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Agent42.Core.Plugins.Diagnostics;

namespace Agent42.Core.Plugins.Policy;

/// <summary>
/// The backstop: reads what a compiled image really references (type and member references, assembly
/// references, native imports), and the flags that attributes such as <c>StructLayout</c> or
/// <c>MethodImpl</c> leave instead of a reference, and applies the same rules, whatever the source spelled.
/// Each finding is attributed to the type or member whose signature, attribute or body holds it, so that a
/// <see cref="PluginSymbolLocator"/> can point at the declaration that produced it (compiler-generated
/// code included); without one, it is reported at the start of the file.
/// </summary>
internal static class ApiMetadataScanner
{
    public static IReadOnlyList<PluginDiagnostic> Scan(
        ImmutableArray<byte> image, ApiRuleSet rules, IReadOnlySet<string> allowedAssemblies, string filePath, PluginSymbolLocator? locator = null)
    {
        using var pe = new PEReader(image);
        var reader = pe.GetMetadataReader();
        var scan = new ImageScan(pe, reader, rules);
        scan.Run(allowedAssemblies);
        return scan.Report(filePath, locator);
    }

    /// <summary>The type reference a member reference's parent names, through a generic instantiation if need be.</summary>
    internal static TypeReferenceHandle? ParentType(MetadataReader reader, EntityHandle parent)
    {
        if (parent.Kind == HandleKind.TypeReference)
        {
            return (TypeReferenceHandle)parent;
        }

        if (parent.Kind != HandleKind.TypeSpecification)
        {
            return null; // the image's own types, or vararg call sites of its own methods
        }

        var blob = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)parent).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
        {
            return null; // arrays, pointers and type parameters: their element types are type references checked on their own
        }

        blob.ReadSignatureTypeCode(); // class or value type
        var generic = blob.ReadTypeHandle();
        return generic.Kind == HandleKind.TypeReference ? (TypeReferenceHandle)generic : null;
    }

    internal static ApiName TypeName(MetadataReader reader, TypeReferenceHandle handle, string? member)
    {
        var types = new List<string>();
        var current = reader.GetTypeReference(handle);
        while (true)
        {
            types.Insert(0, ApiName.StripArity(reader.GetString(current.Name)));
            if (current.ResolutionScope.Kind != HandleKind.TypeReference)
            {
                break;
            }

            current = reader.GetTypeReference((TypeReferenceHandle)current.ResolutionScope);
        }

        return new ApiName(reader.GetString(current.Namespace), types, member);
    }

    /// <summary>What a finding is called: the API, or the construct it stands for (<see cref="ApiPolicyRules.ImageNames"/>).</summary>
    internal static string WhatOf(ApiName name) =>
        ApiPolicyRules.ImageNames.TryGetValue(name.Member is null ? name.TypeName : name.TypeName + "." + name.Member, out var construct)
        || ApiPolicyRules.ImageNames.TryGetValue(name.TypeName, out construct)
            ? construct
            : name.Display;
}
