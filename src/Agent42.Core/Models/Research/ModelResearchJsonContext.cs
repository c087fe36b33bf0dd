using System.Text.Json.Serialization;

namespace Agent42.Core.Models.Research;

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelResearchFile))]
internal sealed partial class ModelResearchJsonContext : JsonSerializerContext;
