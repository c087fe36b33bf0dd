using Agent42.Sdk;

namespace Agent42.Core.Agent;

/// <summary>Built-in iteration limits per task type (the plan's defaults table); routing may override them.</summary>
internal static class TaskTypeDefaults
{
    public static int MaxIterations(TaskType type) => type switch
    {
        TaskType.Coding => 8,
        TaskType.Debugging => 10,
        TaskType.Research => 5,
        TaskType.Refactoring => 8,
        TaskType.Documentation => 4,
        TaskType.Marketing => 6,
        TaskType.Email => 3,
        TaskType.Design => 5,
        TaskType.Content => 6,
        TaskType.Strategy => 5,
        TaskType.DataAnalysis => 6,
        TaskType.ProjectManagement => 4,
        _ => 5,
    };

    /// <summary>The wire name of a task type (<c>data_analysis</c>), as in the routing file and the outcome log.</summary>
    public static string WireName(TaskType type) =>
        System.Text.Json.JsonSerializer.Serialize(type).Trim('"');

    public static bool TryParse(string text, out TaskType type)
    {
        foreach (var candidate in Enum.GetValues<TaskType>())
        {
            if (string.Equals(WireName(candidate), text.Trim().Replace('-', '_'), StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }
}
