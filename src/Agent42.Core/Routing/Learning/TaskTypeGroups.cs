using Agent42.Sdk;

namespace Agent42.Core.Routing.Learning;

/// <summary>
/// Which task types are alike enough that a model's record on one is its prior on the others: code (coding,
/// debugging, refactoring), writing (documentation, marketing, email, content), analysis (research, data analysis)
/// and planning (strategy, project management, design). Nothing is pooled across groups: a model's failures at
/// coding say nothing about its e-mail.
/// </summary>
/// <remarks>
/// Design sits with planning: the tasks Agent42 is given as design are system and product design, written as plans,
/// more than visual work. Strategy could go with analysis; it is planning's because both produce a plan to act on.
/// </remarks>
internal static class TaskTypeGroups
{
    public static string Of(TaskType type) => type switch
    {
        TaskType.Coding or TaskType.Debugging or TaskType.Refactoring => "code",
        TaskType.Documentation or TaskType.Marketing or TaskType.Email or TaskType.Content => "writing",
        TaskType.Research or TaskType.DataAnalysis => "analysis",
        _ => "planning",
    };

    /// <summary>The index of the type's group, 0..<see cref="Count"/> - 1.</summary>
    public static int IndexOf(TaskType type) => Of(type) switch
    {
        "code" => 0,
        "writing" => 1,
        "analysis" => 2,
        _ => 3,
    };

    public const int Count = 4;
}
