using System.Text.Json.Serialization;

namespace Agent42.Sdk;

/// <summary>Where a task is in its life.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AgentTaskStatus>))]
public enum AgentTaskStatus
{
    /// <summary>Waiting to be picked up.</summary>
    [JsonStringEnumMemberName("pending")] Pending,

    /// <summary>Being worked on.</summary>
    [JsonStringEnumMemberName("running")] Running,

    /// <summary>Finished with a result.</summary>
    [JsonStringEnumMemberName("done")] Done,

    /// <summary>Finished without a result; see the error.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}
