using Agent42.Sdk;

namespace Agent42.Core.Routing;

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
}
