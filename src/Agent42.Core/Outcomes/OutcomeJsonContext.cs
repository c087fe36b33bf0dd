using System.Text.Json.Serialization;

namespace Agent42.Core.Outcomes;

/// <summary>The outcome line's serializer: one compact line, names and order as <see cref="OutcomeRecord"/> declares.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(OutcomeRecord))]
internal sealed partial class OutcomeJsonContext : JsonSerializerContext;
