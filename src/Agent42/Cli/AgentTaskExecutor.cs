using Agent42.Core.Agent;
using Agent42.Core.Tasks;
using Agent42.Sdk;

namespace Agent42.Cli;

/// <summary>Runs a queued task the way <c>agent42 run</c> does (routing, tools, critic, outcome recorded); the answer is its result.</summary>
internal sealed class AgentTaskExecutor(AgentRunner runner, IAgentRunObserver observer) : ITaskExecutor
{
    public async Task<string> RunAsync(AgentTask task, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(task.Description, task.Type, null, observer, cancellationToken).ConfigureAwait(false);
        return result.Answer;
    }
}
