using System.Text.Json.Serialization;

namespace Agent42.Core.Agent.Conversation;

/// <summary>
/// A session file's serializer. Nullable annotations and constructor parameters are enforced, so a file that lacks
/// a turn's answer or has a null task is refused as unreadable rather than loaded with holes.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(ConversationSession))]
internal sealed partial class SessionJsonContext : JsonSerializerContext;
