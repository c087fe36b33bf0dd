using Agent42.Core.Agent.Classification;
using Agent42.Core.Tools;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Core.Agent;

/// <summary>Registers the agent loop: the classifier, the iteration engine and the runner.</summary>
internal static class AgentServiceCollectionExtensions
{
    public static IServiceCollection AddAgent42Agent(this IServiceCollection services, ToolCallLimitsOptions limits)
    {
        services.AddSingleton(limits);
        services.AddSingleton(sp => new IterationEngine(sp.GetRequiredService<ToolRegistry>(), sp.GetRequiredService<TimeProvider>(), limits));
        services.AddSingleton<TaskTypeClassifier>();
        services.AddSingleton<AgentRunner>();
        return services;
    }
}
