using Agent42.Core.Models.Providers;
using Agent42.Core.Routing;
using Microsoft.Extensions.AI;

namespace Agent42.Core.Agent;

/// <summary>
/// Calls the first candidate model that works: a classified failure moves to the next candidate and is counted
/// by kind (never against the model's quality). A refused key ends the run at once: no other model would fare
/// better.
/// </summary>
internal sealed class ModelFailover(
    string role,
    IReadOnlyList<ModelCandidate> candidates,
    Func<ModelCandidate, IChatClient> clients,
    IAgentRunObserver observer,
    ModelCooldowns? cooldowns = null,
    bool usesTools = true)
{
    private readonly Dictionary<ModelFailureKind, int> _failures = [];
    private int _current;

    public ModelCandidate Current => candidates[Math.Min(_current, candidates.Count - 1)];

    public IReadOnlyDictionary<ModelFailureKind, int> Failures => _failures;

    public async Task<ChatResponse> GetResponseAsync(IList<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        while (_current < candidates.Count)
        {
            var candidate = candidates[_current];
            if (cooldowns?.Check(candidate.Key, usesTools) is { } cooling)
            {
                // Cooling down after an earlier failure (this task's or another's): skip without calling.
                errors.Add($"{candidate.Key}: cooling down ({cooling.Reason}) until {cooling.Until:HH:mm:ss}");
                _current++;
                observer.Skipped(role, candidate.Key, cooling);
                continue;
            }

            try
            {
                var client = clients(candidate);
                var response = await client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
                cooldowns?.RecordSuccess(candidate.Key);
                return response;
            }
            catch (ModelCallException failure)
            {
                _failures[failure.Kind] = _failures.GetValueOrDefault(failure.Kind) + 1;
                cooldowns?.Record(candidate.Key, failure);
                errors.Add($"{candidate.Key}: {failure.Kind} ({failure.Message})");
                if (failure.Kind == ModelFailureKind.Unauthorized)
                {
                    throw new AgentRunException($"the model endpoint refused the API key: {failure.Message}", failure);
                }

                _current++;
                observer.Fallback(role, candidate.Key, failure, _current < candidates.Count ? candidates[_current].Key : null);
            }
        }

        throw new AgentRunException($"no {role} model could answer: {string.Join("; ", errors)}");
    }
}
