using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Agent42.Core.Plugins.Diagnostics;

namespace Agent42.Core.Plugins.Policy;

/// <summary>
/// The backstop: reads what a compiled image really references (type and member references, assembly
/// references, native imports) and applies the same rules, whatever the source spelled. It has no source
/// positions, so what it finds is reported at the start of the file; the syntax walk normally finds it first.
/// </summary>
internal static class ApiMetadataScanner
{
    public static IReadOnlyList<PluginDiagnostic> Scan(ImmutableArray<byte> image, ApiRuleSet rules, IReadOnlySet<string> allowedAssemblies, string filePath)
    {
        var at = PluginSourceLocation.StartOf(filePath);
        var found = new Dictionary<string, PluginDiagnostic>(StringComparer.Ordinal);

        void Report(string what, ApiConcern concern) =>
            found.TryAdd(what, PluginDiagnostic.Error(at, concern.Code, concern.Explain(what) + " (found in the compiled code)"));

        using var pe = new PEReader(image);
        var reader = pe.GetMetadataReader();

        foreach (var handle in reader.AssemblyReferences)
        {
            var name = reader.GetString(reader.GetAssemblyReference(handle).Name);
            if (!allowedAssemblies.Contains(name))
            {
                Report("assembly " + name, ApiPolicyRules.NotAllowed);
            }
        }

        foreach (var handle in reader.TypeReferences)
        {
            var name = TypeName(reader, handle, null);
            if (rules.Check(name, inCompiledImage: true) is { } concern)
            {
                Report(name.Display, concern);
            }
        }

        foreach (var handle in reader.MemberReferences)
        {
            var reference = reader.GetMemberReference(handle);
            var member = ApiName.StripAccessor(reader.GetString(reference.Name));
            if (ParentType(reader, reference.Parent) is { } parent)
            {
                var name = TypeName(reader, parent, member);
                if (rules.Check(name, inCompiledImage: true) is { } concern)
                {
                    Report(name.Display, concern);
                }
            }
            else if (reference.Parent.Kind == HandleKind.ModuleReference)
            {
                Report("native function " + member, rules.Syntax("extern"));
            }
        }

        for (var row = 1; row <= reader.GetTableRowCount(TableIndex.ModuleRef); row++)
        {
            var module = reader.GetModuleReference(MetadataTokens.ModuleReferenceHandle(row));
            Report("native library " + reader.GetString(module.Name), rules.Syntax("extern"));
        }

        foreach (var handle in reader.MethodDefinitions)
        {
            var method = reader.GetMethodDefinition(handle);
            // P/Invoke, internal calls, and extern methods without [DllImport] (no body, yet neither abstract nor
            // implemented by the runtime as delegate methods are).
            var bodiless = method.RelativeVirtualAddress == 0 && (method.Attributes & MethodAttributes.Abstract) == 0
                && (method.ImplAttributes & MethodImplAttributes.CodeTypeMask) != MethodImplAttributes.Runtime;
            if (bodiless || (method.Attributes & MethodAttributes.PinvokeImpl) != 0 || (method.ImplAttributes & MethodImplAttributes.InternalCall) != 0)
            {
                Report("extern method " + reader.GetString(method.Name), rules.Syntax("extern"));
            }
        }

        return [.. found.Values];
    }

    /// <summary>The type reference a member reference's parent names, through a generic instantiation if need be.</summary>
    private static TypeReferenceHandle? ParentType(MetadataReader reader, EntityHandle parent)
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

    private static ApiName TypeName(MetadataReader reader, TypeReferenceHandle handle, string? member)
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
}
