using Agent42.Core.Agent.Approval;
using Agent42.Core.Agent.Classification;
using Agent42.Core.Configuration;
using Agent42.Core.Tools;
using Agent42.Sdk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agent42.Core.Agent;

/// <summary>Registers the agent loop: the classifier, the tool-call approver, the iteration engine and the runner.</summary>
internal static class AgentServiceCollectionExtensions
{
    public static IServiceCollection AddAgent42Agent(this IServiceCollection services, ToolCallLimitsOptions limits)
    {
        services.AddSingleton(limits);
        // A command with a person at a terminal (the shell) registers its own session before this runs.
        services.TryAddSingleton(ApprovalSession.NonInteractive);
        services.AddSingleton<IToolApprover>(sp =>
        {
            var session = sp.GetRequiredService<ApprovalSession>();
            var options = OptionsLoader.Load<ApprovalOptions>(sp.GetRequiredService<IConfiguration>());
            return new ToolApprover(options.ModeOr(session.DefaultMode), session.Prompt,
                new CallPreview(sp.GetRequiredService<IWorkspaceSandbox>(), sp.GetRequiredService<ToolOptions>()));
        });
        services.AddSingleton(sp => new IterationEngine(
            sp.GetRequiredService<ToolRegistry>(), sp.GetRequiredService<IToolApprover>(), sp.GetRequiredService<TimeProvider>(), limits));
        services.AddSingleton<TaskTypeClassifier>();
        services.AddSingleton<AgentRunner>();
        return services;
    }
}
