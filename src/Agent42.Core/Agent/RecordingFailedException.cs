namespace Agent42.Core.Agent;

/// <summary>
/// A run finished, but what follows it failed: its outcome could not be recorded, or the routing could not take it.
/// Carries the finished <see cref="Result"/>, so the caller still gives the user the answer (a finished answer is
/// never thrown away), then says precisely what was not saved and why.
/// </summary>
internal sealed class RecordingFailedException(AgentRunResult result, string message, Exception inner) : Exception(message, inner)
{
    public AgentRunResult Result { get; } = result;
}
