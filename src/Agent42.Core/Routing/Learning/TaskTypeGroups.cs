using Agent42.Sdk;

namespace Agent42.Core.Routing.Learning;

/// <summary>
/// The code's guess of which task types are alike: code (coding, debugging, refactoring), writing (documentation,
/// marketing, email, content), analysis (research, data analysis) and planning (strategy, project management, design).
/// Only a guess: <see cref="TypeAlikeness"/> starts a group's types closer than types across groups, then measures
/// how alike they are from the log, within each group and among all types, so a world that groups types otherwise
/// (or not at all) is learned, not assumed.
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
