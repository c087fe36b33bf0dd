using System.Reflection;
using Agent42.Core.Configuration;
using Agent42.Core.Models;
using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Models.Research;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing;
using Agent42.Sdk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agent42.Bench.Simulation;

/// <summary>
/// Agent42's router as the host composes it (the models, outcomes and routing registrations over a data directory
/// of its own), driven through its normal surface only: a catalog sync writes <c>model_catalog.json</c>, each task is
/// <see cref="RoutingService.Route"/>, each outcome is appended by the real recorder and handed to
/// <see cref="RoutingService.OutcomeRecorded"/>, which reranks when due. So a rewritten learner plugs in unchanged.
/// </summary>
internal sealed class Agent42Policy : IRoutingPolicy
{
    private readonly ServiceProvider _services;
    private readonly RoutingService _routing;
    private readonly OutcomeRecorder _recorder;
    private readonly ModelCatalogStore _catalog;
    private readonly TimeProvider _time;
    private readonly string _folder;
    private int _seed;
    private int _task;
    private PerTaskRandom? _perTask;

    private Agent42Policy(ServiceProvider services, TimeProvider time, string folder)
    {
        (_services, _time, _folder) = (services, time, folder);
        _routing = services.GetRequiredService<RoutingService>();
        _recorder = services.GetRequiredService<OutcomeRecorder>();
        _catalog = services.GetRequiredService<ModelCatalogStore>();
        Cooldowns = services.GetRequiredService<ModelCooldowns>();
    }

    public string Name => "agent42";

    public ModelCooldowns? Cooldowns { get; }

    /// <summary>Whether the routing service's random source could be seeded, so the run repeats exactly.</summary>
    public bool Seeded { get; private set; }

    public static Agent42Policy Create(TimeProvider time, int seed)
    {
        // tmpfs when there is one: the log is fsynced per outcome, as the host does, and a disk would time the disk.
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var folder = Path.Combine(root, $"a42-sim-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var paths = new Agent42Paths(folder, Path.Combine(folder, "tools"), folder);
        var research = new ModelResearchOptions { Enabled = false };
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton(time)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddAgent42Models(new ModelCatalogOptions { BaseUrl = "http://127.0.0.1:1/api/v1" }, research, paths, new ModelCallOptions())
            .AddAgent42Outcomes(paths)
            .AddAgent42Routing(new RoutingOptions(), research, paths)
            .BuildServiceProvider();
        var policy = new Agent42Policy(services, time, folder);
        policy._seed = seed;
        policy._perTask = Environment.GetEnvironmentVariable("SIM_CRN") == "1" ? new PerTaskRandom() : null;
        policy.Seeded = Seed(policy._routing, policy._perTask ?? new Random(seed));
        return policy;
    }

    public void CatalogSynced(IReadOnlyList<KnownModel> catalog) =>
        _catalog.Save(new ModelCatalogFile(ModelCatalogFile.CurrentSchemaVersion, _time.GetUtcNow(), "simulated sync", catalog));

    public PolicyChoice Choose(TaskType type)
    {
        _perTask?.Reseed(PerTaskRandom.Mix(_seed, _task++));
        var decision = _routing.Route(type, usesTools: true);
        return new PolicyChoice(decision.Primary, decision.IsTrial, decision.Layer, decision.Critic[0].Key);
    }

    public async ValueTask ObserveAsync(OutcomeRecord outcome) =>
        _routing.OutcomeRecorded(await _recorder.AppendAsync(outcome, CancellationToken.None).ConfigureAwait(false));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync().ConfigureAwait(false);
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>
    /// The routing service's own <see cref="Random"/> is replaced by a seeded one, so a run repeats; false when it has
    /// none to replace (then a run varies a little between runs).
    /// </summary>
    private static bool Seed(RoutingService routing, Random random)
    {
        var field = typeof(RoutingService).GetFields(BindingFlags.Instance | BindingFlags.NonPublic).FirstOrDefault(f => f.FieldType == typeof(Random));
        field?.SetValue(routing, random);
        return field is not null;
    }
}
