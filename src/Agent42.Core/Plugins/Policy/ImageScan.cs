using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Agent42.Core.Plugins.Diagnostics;

namespace Agent42.Core.Plugins.Policy;

/// <summary>
/// One scan of one image for <see cref="ApiMetadataScanner"/>: first the image's own definitions (their
/// signatures, attributes, layout and implementation flags, and the IL of every body, where the refusals by
/// signature apply), recording where each name is used; then the reference tables, so that nothing referenced
/// escapes even if no definition was seen using it.
/// </summary>
internal sealed class ImageScan(PEReader pe, MetadataReader reader, ApiRuleSet rules)
{
    private readonly SignatureTypeNames _names = new(reader);
    private readonly Dictionary<string, ImageOwner> _usedIn = new(StringComparer.Ordinal);
    private readonly Dictionary<EntityHandle, ImageOwner> _owners = [];
    private readonly Dictionary<string, (ApiConcern Concern, ImageOwner? Owner)> _found = new(StringComparer.Ordinal);

    public void Run(IReadOnlySet<string> allowedAssemblies)
    {
        foreach (var handle in reader.TypeDefinitions)
        {
            ScanType(handle);
        }

        foreach (var handle in reader.CustomAttributes)
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind == HandleKind.MemberReference && MemberName(attribute.Constructor) is { } name)
            {
                Use(name, _owners.GetValueOrDefault(attribute.Parent));
            }
        }

        foreach (var handle in reader.AssemblyReferences)
        {
            var name = reader.GetString(reader.GetAssemblyReference(handle).Name);
            if (!allowedAssemblies.Contains(name))
            {
                Report("assembly " + name, ApiPolicyRules.NotAllowed, null);
            }
        }

        foreach (var handle in reader.TypeReferences)
        {
            Check(ApiMetadataScanner.TypeName(reader, handle, null));
        }

        foreach (var handle in reader.MemberReferences)
        {
            var reference = reader.GetMemberReference(handle);
            if (MemberName(handle) is { } name)
            {
                Check(name);
            }
            else if (reference.Parent.Kind == HandleKind.ModuleReference)
            {
                Report("native function " + reader.GetString(reference.Name), rules.Syntax("extern"), null);
            }
        }

        for (var row = 1; row <= reader.GetTableRowCount(TableIndex.ModuleRef); row++)
        {
            var module = reader.GetModuleReference(MetadataTokens.ModuleReferenceHandle(row));
            Report("native library " + reader.GetString(module.Name), rules.Syntax("extern"), null);
        }
    }

    public IReadOnlyList<PluginDiagnostic> Report(string filePath, PluginSymbolLocator? locator)
    {
        var start = PluginSourceLocation.StartOf(filePath);
        var diagnostics = new List<PluginDiagnostic>();
        foreach (var (what, (concern, owner)) in _found)
        {
            var message = concern.Explain(what);
            if (locator is null)
            {
                diagnostics.Add(PluginDiagnostic.Error(start, concern.Code, message + " (found in the compiled code)"));
            }
            else if (owner is not null && locator.Locate(owner) is { } place)
            {
                var where = owner.IsGenerated ? $"in the code the compiler generated for {place.Name}" : $"in the compiled code of {place.Name}";
                diagnostics.Add(PluginDiagnostic.Error(place.Location, concern.Code, $"{message} (found {where})"));
            }
            else
            {
                diagnostics.Add(PluginDiagnostic.Error(start, concern.Code,
                    message + " (found in the compiled code's references, where no declaration in the source uses it)"));
            }
        }

        return diagnostics;
    }

    private void ScanType(TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var owner = OwnerOf(handle, null);
        _owners[handle] = owner;
        // Layout is the compiler's business in its own types (<PrivateImplementationDetails>'s fixed-size blocks).
        if ((type.Attributes & TypeAttributes.LayoutMask) == TypeAttributes.ExplicitLayout && !owner.IsGenerated)
        {
            Report("System.Runtime.InteropServices.StructLayoutAttribute", ApiPolicyRules.Interop, owner);
        }

        if ((type.Attributes & TypeAttributes.Import) != 0)
        {
            Report("System.Runtime.InteropServices.ComImportAttribute", ApiPolicyRules.Interop, owner);
        }

        if (!type.BaseType.IsNil)
        {
            UseType(type.BaseType, owner);
        }

        foreach (var implementation in type.GetInterfaceImplementations())
        {
            UseType(reader.GetInterfaceImplementation(implementation).Interface, owner);
        }

        foreach (var fieldHandle in type.GetFields())
        {
            var field = reader.GetFieldDefinition(fieldHandle);
            var fieldOwner = owner with { Member = reader.GetString(field.Name) };
            _owners[fieldHandle] = fieldOwner;
            Use(field.DecodeSignature(_names, null), fieldOwner);
            if (field.GetOffset() >= 0 && !owner.IsGenerated)
            {
                Report("System.Runtime.InteropServices.FieldOffsetAttribute", ApiPolicyRules.Interop, fieldOwner);
            }

            if ((field.Attributes & FieldAttributes.HasFieldMarshal) != 0)
            {
                Report("System.Runtime.InteropServices.MarshalAsAttribute", ApiPolicyRules.Interop, fieldOwner);
            }
        }

        foreach (var propertyHandle in type.GetProperties())
        {
            _owners[propertyHandle] = owner with { Member = reader.GetString(reader.GetPropertyDefinition(propertyHandle).Name) };
        }

        foreach (var eventHandle in type.GetEvents())
        {
            _owners[eventHandle] = owner with { Member = reader.GetString(reader.GetEventDefinition(eventHandle).Name) };
        }

        foreach (var methodHandle in type.GetMethods())
        {
            ScanMethod(methodHandle, owner);
        }
    }

    private void ScanMethod(MethodDefinitionHandle handle, ImageOwner typeOwner)
    {
        var method = reader.GetMethodDefinition(handle);
        var owner = typeOwner with { Member = reader.GetString(method.Name) };
        _owners[handle] = owner;
        foreach (var parameterHandle in method.GetParameters())
        {
            _owners[parameterHandle] = owner;
            if ((reader.GetParameter(parameterHandle).Attributes & ParameterAttributes.HasFieldMarshal) != 0)
            {
                Report("System.Runtime.InteropServices.MarshalAsAttribute", ApiPolicyRules.Interop, owner);
            }
        }

        var signature = method.DecodeSignature(_names, null);
        Use(signature.ReturnType, owner);
        foreach (var parameter in signature.ParameterTypes)
        {
            Use(parameter, owner);
        }

        if (signature.Header.CallingConvention == SignatureCallingConvention.VarArgs)
        {
            Report("__arglist", rules.Syntax("__arglist"), owner);
        }

        // P/Invoke, internal calls, and extern methods without [DllImport] (no body, yet neither abstract nor
        // implemented by the runtime as delegate methods are).
        var bodiless = method.RelativeVirtualAddress == 0 && (method.Attributes & MethodAttributes.Abstract) == 0
            && (method.ImplAttributes & MethodImplAttributes.CodeTypeMask) != MethodImplAttributes.Runtime;
        var native = (method.ImplAttributes & (MethodImplAttributes.InternalCall | MethodImplAttributes.Unmanaged | MethodImplAttributes.ForwardRef)) != 0
            || (method.ImplAttributes & MethodImplAttributes.CodeTypeMask) == MethodImplAttributes.Native;
        if (bodiless || native || (method.Attributes & MethodAttributes.PinvokeImpl) != 0)
        {
            Report("extern method " + reader.GetString(method.Name), rules.Syntax("extern"), owner);
        }

        if (method.RelativeVirtualAddress != 0)
        {
            ScanBody(pe.GetMethodBody(method.RelativeVirtualAddress), owner);
        }
    }

    private void ScanBody(MethodBodyBlock body, ImageOwner owner)
    {
        if (!body.LocalSignature.IsNil)
        {
            foreach (var local in reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_names, null))
            {
                Use(local, owner);
            }
        }

        foreach (var region in body.ExceptionRegions)
        {
            if (!region.CatchType.IsNil)
            {
                UseType(region.CatchType, owner);
            }
        }

        foreach (var (token, _) in IlTokens.Read(body))
        {
            UseToken(token, owner);
        }
    }

    private void UseToken(EntityHandle token, ImageOwner owner)
    {
        switch (token.Kind)
        {
            case HandleKind.TypeReference or HandleKind.TypeSpecification:
                UseType(token, owner);
                break;
            case HandleKind.MethodSpecification:
                var specification = reader.GetMethodSpecification((MethodSpecificationHandle)token);
                foreach (var argument in specification.DecodeSignature(_names, null))
                {
                    Use(argument, owner);
                }

                UseToken(specification.Method, owner);
                break;
            case HandleKind.MemberReference:
                var reference = reader.GetMemberReference((MemberReferenceHandle)token);
                if (reference.Parent.Kind == HandleKind.TypeSpecification)
                {
                    UseType(reference.Parent, owner);
                }

                if (MemberName(token) is not { } name)
                {
                    break;
                }

                Use(name, owner);
                if (reference.GetKind() == MemberReferenceKind.Method)
                {
                    var signature = reference.DecodeMethodSignature(_names, null);
                    Use(signature.ReturnType, owner);
                    var parameters = signature.ParameterTypes.Select(p => (IReadOnlyCollection<string>)p.Select(n => n.TypeName).ToHashSet(StringComparer.Ordinal)).ToList();
                    foreach (var parameter in signature.ParameterTypes)
                    {
                        Use(parameter, owner);
                    }

                    if (rules.Check(name, inCompiledImage: true) is null && rules.CheckParameters(name, parameters, inCompiledImage: true) is { } refused)
                    {
                        Report(refused.What, refused.Concern, owner);
                    }
                }
                else
                {
                    Use(reference.DecodeFieldSignature(_names, null), owner);
                }

                break;
        }
    }

    private ApiName? MemberName(EntityHandle handle)
    {
        var reference = reader.GetMemberReference((MemberReferenceHandle)handle);
        return ApiMetadataScanner.ParentType(reader, reference.Parent) is { } parent
            ? ApiMetadataScanner.TypeName(reader, parent, ApiName.StripAccessor(reader.GetString(reference.Name)))
            : null;
    }

    private void UseType(EntityHandle handle, ImageOwner owner)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeReference:
                Use(ApiMetadataScanner.TypeName(reader, (TypeReferenceHandle)handle, null), owner);
                break;
            case HandleKind.TypeSpecification:
                Use(reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(_names, null), owner);
                break;
        }
    }

    private void Use(ImmutableArray<ApiName> names, ImageOwner owner)
    {
        foreach (var name in names)
        {
            Use(name, owner);
        }
    }

    private void Use(ApiName name, ImageOwner? owner)
    {
        if (owner is not null)
        {
            _usedIn.TryAdd(ApiMetadataScanner.WhatOf(name), owner);
        }
    }

    private void Check(ApiName name)
    {
        if (rules.Check(name, inCompiledImage: true) is { } concern)
        {
            var what = ApiMetadataScanner.WhatOf(name);
            Report(what, concern, _usedIn.GetValueOrDefault(what));
        }
    }

    private void Report(string what, ApiConcern concern, ImageOwner? owner)
    {
        if (!_found.TryGetValue(what, out var existing) || (existing.Owner is null && owner is not null))
        {
            _found[what] = (concern, owner);
        }
    }

    private ImageOwner OwnerOf(TypeDefinitionHandle handle, string? member)
    {
        var types = new List<string>();
        var type = reader.GetTypeDefinition(handle);
        while (true)
        {
            types.Insert(0, reader.GetString(type.Name));
            var declaring = type.GetDeclaringType();
            if (declaring.IsNil)
            {
                break;
            }

            type = reader.GetTypeDefinition(declaring);
        }

        return new ImageOwner(reader.GetString(type.Namespace), types, member);
    }
}
