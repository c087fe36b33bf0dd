using Agent42.Core.Outcomes;
using Agent42.Sdk;

namespace Agent42.Core.Routing;

/// <summary>A task type's wire name and the names of its admin variables (<c>AGENT42_CODING_MODEL</c>, ...), built once per type.</summary>
internal sealed class RoutingVariables
{
    // The SDK's task types, not a plugin's: a static table pins nothing. By value (the SDK numbers them 0, 1, 2, ...).
    private static readonly RoutingVariables[] ByType = Enumerable.Range(0, Enum.GetValues<TaskType>().Length)
        .Select(i => new RoutingVariables((TaskType)i)).ToArray();

    private RoutingVariables(TaskType type)
    {
        Wire = TaskTypeNames.WireName(type);
        Prefix = "AGENT42_" + Wire.ToUpperInvariant();
        Model = Prefix + "_MODEL";
        Critic = Prefix + "_CRITIC";
        MaxIterations = Prefix + "_MAX_ITER";
    }

    public string Wire { get; }

    /// <summary><c>AGENT42_&lt;TYPE&gt;</c>.</summary>
    public string Prefix { get; }

    public string Model { get; }

    public string Critic { get; }

    public string MaxIterations { get; }

    public static RoutingVariables Of(TaskType type) => (uint)type < (uint)ByType.Length ? ByType[(int)type] : new RoutingVariables(type);
}
