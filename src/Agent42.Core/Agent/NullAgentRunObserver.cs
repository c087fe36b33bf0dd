namespace Agent42.Core.Agent;

/// <summary>An observer that shows nothing.</summary>
internal sealed class NullAgentRunObserver : IAgentRunObserver
{
    public static NullAgentRunObserver Instance { get; } = new();
}
