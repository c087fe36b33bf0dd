using System.Text.Json.Serialization;

namespace Agent42.Sdk;

/// <summary>The kinds of task Agent42 routes to models; each has its own routing and statistics.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TaskType>))]
public enum TaskType
{
    /// <summary>Writing new code.</summary>
    [JsonStringEnumMemberName("coding")] Coding,

    /// <summary>Finding and fixing a defect.</summary>
    [JsonStringEnumMemberName("debugging")] Debugging,

    /// <summary>Gathering and summarising information.</summary>
    [JsonStringEnumMemberName("research")] Research,

    /// <summary>Restructuring code without changing behaviour.</summary>
    [JsonStringEnumMemberName("refactoring")] Refactoring,

    /// <summary>Writing documentation.</summary>
    [JsonStringEnumMemberName("documentation")] Documentation,

    /// <summary>Marketing copy.</summary>
    [JsonStringEnumMemberName("marketing")] Marketing,

    /// <summary>Writing e-mail.</summary>
    [JsonStringEnumMemberName("email")] Email,

    /// <summary>Design work.</summary>
    [JsonStringEnumMemberName("design")] Design,

    /// <summary>General content writing.</summary>
    [JsonStringEnumMemberName("content")] Content,

    /// <summary>Planning and strategy.</summary>
    [JsonStringEnumMemberName("strategy")] Strategy,

    /// <summary>Analysing data.</summary>
    [JsonStringEnumMemberName("data_analysis")] DataAnalysis,

    /// <summary>Planning and tracking work.</summary>
    [JsonStringEnumMemberName("project_management")] ProjectManagement,
}
