using Agent42.Core.Models.Providers;
using Agent42.Sdk;

namespace Agent42.Core.Agent;

/// <summary>What a run reports as it goes, for a terminal to show; every method may be ignored.</summary>
internal interface IAgentRunObserver
{
    void ModelChosen(string role, string modelKey, string reason) { }

    void TaskTyped(TaskType type, string reason) { }

    void Fallback(string role, string fromKey, ModelCallException failure, string? toKey) { }

    void Skipped(string role, string modelKey, CooldownState cooldown) { }

    void IterationStarted(int iteration, int maxIterations) { }

    void ToolCalled(string tool, string argumentsJson) { }

    void ToolReturned(string tool, ToolResult result) { }

    /// <summary>Tool calls the model asked for were not run, being over a cap; <paramref name="note"/> says which.</summary>
    void ToolCallsCut(int notRun, string note) { }

    void Reviewing() { }

    void Critiqued(int iteration, CriticVerdict verdict) { }

    /// <summary>
    /// A piece of the primary model's answer text as it streams in (any round of any iteration), in order. The
    /// complete answer of the run is still <see cref="AgentRunResult.Answer"/>.
    /// </summary>
    void AnswerDelta(string text) { }

    /// <summary>
    /// What has streamed since the run began (or since the last restart) is void and an answer starts again:
    /// the stream broke and another model answers, or the critic asked for a revision. <paramref name="reason"/>
    /// says which, for a person.
    /// </summary>
    void AnswerRestarted(string reason) { }
}
