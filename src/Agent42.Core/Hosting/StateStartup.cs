using Agent42.Core.Agent.Conversation;
using Agent42.Core.Configuration;
using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Research;
using Agent42.Core.Outcomes;
using Agent42.Core.Plugins.Cache;
using Agent42.Core.Routing.Files;
using Agent42.Core.Storage;
using Agent42.Core.Tasks;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Hosting;

/// <summary>
/// What every command does with the data directory before its work: sweep the temp files of atomic writes killed
/// mid-way, then gather the report of every degraded state, which the command prints on stderr (one line each).
/// </summary>
internal sealed class StateStartup(Agent42Paths paths, RoutingFileStore routing, StateHealth health, TimeProvider time, ILogger<StateStartup> logger)
{
    /// <summary>The folder of the rolling log (the CLI's logging writes there).</summary>
    public const string LogFolder = "logs";

    /// <summary>Every state path in the data directory: whether it is a folder, what it holds, what happens meanwhile.</summary>
    public static IReadOnlyList<(string Path, bool IsDirectory, string Holds, string Consequence)> StatePaths(Agent42Paths paths, string routingFile)
    {
        const string Stops = "commands that use it stop with an error";
        var data = paths.DataDirectory;
        return
        [
            (data, true, "its data directory", Stops),
            (Path.Combine(data, FileTaskStore.FileName), false, "the task queue", Stops),
            (Path.Combine(data, OutcomeRecorder.OutcomeLog), false, "the outcome log", "outcomes cannot be recorded or ranked"),
            (Path.Combine(data, ModelCatalogStore.FileName), false, "the model catalog", Stops),
            (Path.Combine(data, ModelResearchStore.FileName), false, "the model research", Stops),
            (routingFile, false, RoutingFileStore.Holds, "tasks are routed by the built-in defaults and reranks fail"),
            (Path.Combine(data, PerformanceSummary.FileName), false, "the performance summary", "reranks fail"),
            (Path.Combine(data, OutcomeRecorder.ReflectionFolder), true, "the reflections", "reflections are not written"),
            (Path.Combine(data, PluginCache.FolderName), true, "the compiled tool cache", "custom tools are compiled afresh on every start"),
            (Path.Combine(data, LogFolder), true, "the logs", "nothing is logged to file"),
            (Path.Combine(data, SessionStore.FolderName), true, "the shell's saved conversations", "shell conversations are not saved or resumed"),
        ];
    }

    /// <summary>Sweeps stale temps, then returns the problems to name; never throws for the state it examines.</summary>
    public IReadOnlyList<StateProblem> Run()
    {
        var now = time.GetUtcNow();
        // The files whose every write takes their lock: their temps go as soon as no writer holds it.
        var locked = new HashSet<string>(StringComparer.Ordinal) { ModelCatalogStore.FileName, ModelResearchStore.FileName, FileTaskStore.FileName };
        if (Path.GetDirectoryName(routing.Path) == paths.DataDirectory)
        {
            locked.Add(Path.GetFileName(routing.Path));
        }

        if (Directory.Exists(paths.DataDirectory))
        {
            AtomicTempSweeper.Sweep(paths.DataDirectory, locked, now, logger);
            foreach (var folder in new[] { PluginCache.FolderName, SessionStore.FolderName })
            {
                var inner = Path.Combine(paths.DataDirectory, folder);
                if (Directory.Exists(inner))
                {
                    AtomicTempSweeper.Sweep(inner, new HashSet<string>(), now, logger);
                }
            }
        }

        return health.Check();
    }
}
