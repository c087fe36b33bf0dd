using Agent42.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Core.Outcomes;

/// <summary>Registers the outcome store (the log file by default): its one writer in the process and the recorder that writes through it.</summary>
internal static class OutcomesServiceCollectionExtensions
{
    public static IServiceCollection AddAgent42Outcomes(this IServiceCollection services, Agent42Paths paths)
    {
        // One writer for the log in the process, so recorders never interleave and routing knows which lines are ours.
        services.AddSingleton(sp => new OutcomeLogWriter(Path.Combine(paths.DataDirectory, OutcomeRecorder.OutcomeLog), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IOutcomeLogWrites>(sp => sp.GetRequiredService<OutcomeLogWriter>());
        // The files store unless a database replaces it (registered later, so the last registration wins).
        services.AddSingleton<IOutcomeStore>(sp => sp.GetRequiredService<OutcomeLogWriter>());
        services.AddSingleton(sp => new OutcomeRecorder(sp.GetRequiredService<IOutcomeStore>(), paths.DataDirectory));
        services.AddSingleton<Storage.IStateCheck>(new OutcomeLogCheck(Path.Combine(paths.DataDirectory, OutcomeRecorder.OutcomeLog)));
        return services;
    }
}
