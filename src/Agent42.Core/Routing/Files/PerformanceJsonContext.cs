using System.Text.Json.Serialization;

namespace Agent42.Core.Routing.Files;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(PerformanceSummary))]
internal sealed partial class PerformanceJsonContext : JsonSerializerContext;
