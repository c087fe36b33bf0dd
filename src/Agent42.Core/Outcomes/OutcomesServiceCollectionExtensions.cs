using Agent42.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Core.Outcomes;

/// <summary>Registers the outcome log: its one writer in the process and the recorder that writes through it.</summary>
internal static class OutcomesServiceCollectionExtensions
{
    public static IServiceCollection AddAgent42Outcomes(this IServiceCollection services, Agent42Paths paths)
    {
        // One writer for the log in the process, so recorders never interleave and routing knows which lines are ours.
        services.AddSingleton(_ => new OutcomeLogWriter(Path.Combine(paths.DataDirectory, OutcomeRecorder.OutcomeLog)));
        services.AddSingleton<IOutcomeLogWrites>(sp => sp.GetRequiredService<OutcomeLogWriter>());
        services.AddSingleton(sp => new OutcomeRecorder(sp.GetRequiredService<OutcomeLogWriter>(), paths.DataDirectory));
        services.AddSingleton<Storage.IStateCheck>(new OutcomeLogCheck(Path.Combine(paths.DataDirectory, OutcomeRecorder.OutcomeLog)));
        return services;
    }
}
