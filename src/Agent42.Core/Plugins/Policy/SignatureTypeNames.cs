using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Agent42.Core.Plugins.Policy;

/// <summary>
/// Decodes a metadata signature into the names of the framework types it mentions (the type itself, array
/// elements, generic arguments; primitives as <c>System.String</c> and so on). The image's own types and
/// generic parameters mention nothing.
/// </summary>
internal sealed class SignatureTypeNames(MetadataReader reader) : ISignatureTypeProvider<ImmutableArray<ApiName>, object?>
{
    public ImmutableArray<ApiName> GetPrimitiveType(PrimitiveTypeCode typeCode) => [new ApiName("System", [typeCode.ToString()], null)];

    public ImmutableArray<ApiName> GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) =>
        [ApiMetadataScanner.TypeName(reader, handle, null)];

    public ImmutableArray<ApiName> GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) => [];

    public ImmutableArray<ApiName> GetTypeFromSpecification(MetadataReader metadata, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, context);

    public ImmutableArray<ApiName> GetGenericInstantiation(ImmutableArray<ApiName> genericType, ImmutableArray<ImmutableArray<ApiName>> typeArguments) =>
        genericType.AddRange(typeArguments.SelectMany(a => a));

    public ImmutableArray<ApiName> GetSZArrayType(ImmutableArray<ApiName> elementType) => elementType;

    public ImmutableArray<ApiName> GetArrayType(ImmutableArray<ApiName> elementType, ArrayShape shape) => elementType;

    public ImmutableArray<ApiName> GetByReferenceType(ImmutableArray<ApiName> elementType) => elementType;

    public ImmutableArray<ApiName> GetPointerType(ImmutableArray<ApiName> elementType) => elementType;

    public ImmutableArray<ApiName> GetPinnedType(ImmutableArray<ApiName> elementType) => elementType;

    public ImmutableArray<ApiName> GetModifiedType(ImmutableArray<ApiName> modifier, ImmutableArray<ApiName> unmodifiedType, bool isRequired) =>
        unmodifiedType.AddRange(modifier);

    public ImmutableArray<ApiName> GetFunctionPointerType(MethodSignature<ImmutableArray<ApiName>> signature) =>
        signature.ReturnType.AddRange(signature.ParameterTypes.SelectMany(p => p));

    public ImmutableArray<ApiName> GetGenericMethodParameter(object? context, int index) => [];

    public ImmutableArray<ApiName> GetGenericTypeParameter(object? context, int index) => [];
}
