using Agent42.Sdk;

namespace Agent42.Core.Outcomes;

/// <summary>
/// The wire names of the task types (<c>data_analysis</c>), as the outcome log, the routing file and the commands
/// spell them. Here because the outcome log is the lowest layer that needs them.
/// </summary>
internal static class TaskTypeNames
{
    // Computed once: a routing decision asks for its type's name, and serialising it each time was a tenth of the
    // decision. By value, each exactly as serialised (the SDK numbers the types 0, 1, 2, ...).
    private static readonly string[] Names = Enumerable.Range(0, Enum.GetValues<TaskType>().Length).Select(i => Serialized((TaskType)i)).ToArray();

    /// <summary>The wire name of a task type, as in the routing file and the outcome log.</summary>
    public static string WireName(TaskType type) =>
        (uint)type < (uint)Names.Length ? Names[(int)type] : Serialized(type);

    private static string Serialized(TaskType type) => System.Text.Json.JsonSerializer.Serialize(type).Trim('"');

    /// <summary>Reads a wire name, case-insensitively and with <c>-</c> for <c>_</c>.</summary>
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
