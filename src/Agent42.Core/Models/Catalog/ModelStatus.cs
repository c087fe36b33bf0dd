using System.Text.Json.Serialization;

namespace Agent42.Core.Models.Catalog;

/// <summary>Whether a known model can be routed to.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelStatus>))]
internal enum ModelStatus
{
    /// <summary>In the catalog and free.</summary>
    [JsonStringEnumMemberName("available")] Available,

    /// <summary>No longer in the catalog.</summary>
    [JsonStringEnumMemberName("missing")] Missing,

    /// <summary>Still in the catalog, but no longer free.</summary>
    [JsonStringEnumMemberName("paid")] Paid,
}
