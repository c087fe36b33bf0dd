using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;

namespace Agent42.Core.Plugins.Loading;

/// <summary>
/// Finds, in a compiled image's metadata and before any of it runs, the code whose exceptions no guard of the
/// host can catch and that would end the Agent42 process: finalizers (run on the finalizer thread), <c>async
/// void</c> methods and lambdas (an exception after the first <c>await</c> is rethrown on the thread pool), and
/// timer callbacks (<c>TimeProvider.CreateTimer</c>, whose callback runs on the thread pool).
/// </summary>
/// <remarks>
/// The API policy owns this class (A42016): it sees the source, so it says where, and a compiled file never gets
/// here with any of it. This check (A42305) is defence in depth for images the policy did not see on their way
/// in: a compile-cache entry, or an image handed to <c>tools activate</c> on its standard input.
/// </remarks>
internal static class ProcessEndingCode
{
    public static IReadOnlyList<PluginDiagnostic> Find(PluginBuild build)
    {
        using var pe = new PEReader(build.Image);
        var reader = pe.GetMetadataReader();
        var found = new List<PluginDiagnostic>();
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(typeHandle);
            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                var name = reader.GetString(method.Name);
                if (name == "Finalize" && (method.Attributes & MethodAttributes.Virtual) != 0 && ParameterCount(reader, method) == 0)
                {
                    found.Add(Report(build, reader, type, $"{reader.GetString(type.Name)} has a finalizer; an exception in it ends the Agent42 process, and tools need none: hold no unmanaged resources, or implement IDisposable"));
                }
                else if (ReturnsVoid(reader, method) && IsAsync(reader, method))
                {
                    var what = name.StartsWith('<') ? "an async lambda passed as a void-returning delegate (async void)" : $"the async void method {name}";
                    found.Add(Report(build, reader, type, $"{what}: an exception it throws after an await ends the Agent42 process; return Task (or use Func<Task>) and await it"));
                }
            }
        }

        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            if (reader.GetString(member.Name) == "CreateTimer" && member.Parent.Kind == HandleKind.TypeReference
                && reader.GetTypeReference((TypeReferenceHandle)member.Parent) is var parent
                && reader.GetString(parent.Namespace) == "System" && reader.GetString(parent.Name) == "TimeProvider")
            {
                found.Add(PluginDiagnostic.Error(PluginSourceLocation.StartOf(build.FilePath), PluginDiagnosticCodes.ProcessEndingCode,
                    "TimeProvider.CreateTimer is not allowed in tools: an exception in its callback ends the Agent42 process; await Task.Delay(delay, TimeProvider.System, cancellationToken) inside the call instead"));
                break;
            }
        }

        return found;
    }

    private static PluginDiagnostic Report(PluginBuild build, MetadataReader reader, TypeDefinition type, string message) =>
        PluginDiagnostic.Error(LocationOf(build, reader, type), PluginDiagnosticCodes.ProcessEndingCode, message);

    /// <summary>Where the type (or, for a compiler-generated closure, the type it is nested in) is declared.</summary>
    private static PluginSourceLocation LocationOf(PluginBuild build, MetadataReader reader, TypeDefinition type)
    {
        for (var current = type; ;)
        {
            if (build.TypeLocations.GetValueOrDefault(FullName(reader, current)) is { } at)
            {
                return at;
            }

            var outer = current.GetDeclaringType();
            if (outer.IsNil)
            {
                return PluginSourceLocation.StartOf(build.FilePath);
            }

            current = reader.GetTypeDefinition(outer);
        }
    }

    private static string FullName(MetadataReader reader, TypeDefinition type)
    {
        var name = reader.GetString(type.Name);
        var outer = type.GetDeclaringType();
        if (!outer.IsNil)
        {
            return FullName(reader, reader.GetTypeDefinition(outer)) + "+" + name;
        }

        var space = reader.GetString(type.Namespace);
        return space.Length == 0 ? name : space + "." + name;
    }

    private static int ParameterCount(MetadataReader reader, MethodDefinition method)
    {
        var blob = reader.GetBlobReader(method.Signature);
        var header = blob.ReadSignatureHeader();
        if (header.IsGeneric)
        {
            blob.ReadCompressedInteger();
        }

        return blob.ReadCompressedInteger();
    }

    private static bool ReturnsVoid(MetadataReader reader, MethodDefinition method)
    {
        var blob = reader.GetBlobReader(method.Signature);
        var header = blob.ReadSignatureHeader();
        if (header.IsGeneric)
        {
            blob.ReadCompressedInteger();
        }

        blob.ReadCompressedInteger();
        return blob.ReadSignatureTypeCode() == SignatureTypeCode.Void;
    }

    private static bool IsAsync(MetadataReader reader, MethodDefinition method)
    {
        foreach (var handle in method.GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind == HandleKind.MemberReference
                && reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent is { Kind: HandleKind.TypeReference } parent
                && reader.GetTypeReference((TypeReferenceHandle)parent) is var type
                && reader.GetString(type.Name) == "AsyncStateMachineAttribute"
                && reader.GetString(type.Namespace) == "System.Runtime.CompilerServices")
            {
                return true;
            }
        }

        return false;
    }
}
