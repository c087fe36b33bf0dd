using System.Text.Json.Serialization;

namespace Agent42.Core.Tasks;

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TaskQueueFile))]
internal sealed partial class TaskQueueJsonContext : JsonSerializerContext;
