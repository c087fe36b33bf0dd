using Agent42.Core.Models.Providers;
using Agent42.Sdk;
using Microsoft.Extensions.AI;

namespace Agent42.Core.Routing;

/// <summary>
/// The model call behind the leaderboard-page source: the prompt goes to the model routing picks for research,
/// through the same chat path as tasks. Without a key this throws, and the researcher records that for this
/// source alone. It lives here rather than beside the researcher so that Models/Research depends on nothing in
/// Routing: the researcher only sees this call as a delegate.
/// </summary>
internal sealed class ResearchModelCall(ModelEndpointResolver endpoints, ChatClientFactory clients, RoutingService routing)
{
    public async Task<string> ExtractAsync(string prompt, CancellationToken cancellationToken)
    {
        var endpoint = endpoints.Resolve();
        var model = routing.Route(TaskType.Research, usesTools: false).Primary[0];
        var client = clients.Create(endpoint, model.ProviderModelId, freeTier: routing.Registry().IsFree(model.Key));
        var response = await client.GetResponseAsync(prompt, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Text;
    }
}
