using System.Text.Json.Serialization;

namespace Agent42.Core.Models.Quota;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(FreeRequestDay))]
internal sealed partial class FreeQuotaJsonContext : JsonSerializerContext;
