using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Agent42.Core.Database;
using Agent42.Core.Hosting;
using Agent42.Core.Outcomes;
using Agent42.Core.Routing;
using Agent42.Sdk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Agent42.Bench;

/// <summary>
/// The outcome store, files against PostgreSQL: record-outcome throughput with 1 and 8 concurrent writers, each a
/// separate OS process with its own store (as separate agents are), started together; and routing-decision latency
/// in one more process while another writer records, so every decision first follows what was appended. The
/// PostgreSQL half runs in a scratch database created on the server of AGENT42_BENCH_DATABASE_URL (or
/// AGENT42_DATABASE_URL) and dropped after; without either it is skipped with a message. Prints JSON.
/// </summary>
internal static class StoreBench
{
    private const int Decisions = 300;

    // Generous: on a loaded machine a fresh backend and its SCRAM login can take seconds; the figures time appends.
    private const int ConnectSeconds = 60;

    public static async Task<int> RunAsync(int outcomes, IReadOnlyList<int> writerCounts)
    {
        var result = new JsonObject
        {
            ["outcomes_per_run"] = outcomes,
            ["writers"] = "separate processes, each with its own store, appending one outcome at a time (each durable before the next)",
        };
        var files = new JsonObject();
        foreach (var writers in writerCounts)
        {
            using var dir = new ScratchDirectory();
            files[$"writers_{writers}"] = await ThroughputAsync("files", dir.Path, outcomes, writers);
            await Console.Error.WriteLineAsync($"files, {writers} writer(s): {files[$"writers_{writers}"]!.ToJsonString()}");
            if (writers == writerCounts[^1])
            {
                files["routing"] = await RoutingLatencyAsync(FilesEnvironment(dir.Path), () => new OutcomeLogWriter(Path.Combine(dir.Path, OutcomeRecorder.OutcomeLog)));
            }
        }

        result["files"] = files;
        var server = Environment.GetEnvironmentVariable("AGENT42_BENCH_DATABASE_URL") ?? Environment.GetEnvironmentVariable("AGENT42_DATABASE_URL");
        if (string.IsNullOrWhiteSpace(server))
        {
            result["postgres"] = "skipped: set AGENT42_BENCH_DATABASE_URL (or AGENT42_DATABASE_URL) to a server URL whose role may CREATE DATABASE";
            await Console.Error.WriteLineAsync("postgres: skipped (no AGENT42_BENCH_DATABASE_URL or AGENT42_DATABASE_URL)");
        }
        else
        {
            result["postgres"] = await PostgresAsync(server, outcomes, writerCounts);
        }

        Console.WriteLine(result.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    /// <summary>A child: appends <paramref name="count"/> outcomes once told to go; prints its own elapsed milliseconds.</summary>
    public static async Task<int> WriterAsync(string kind, string where, int count, string name)
    {
        await using var store = Open(kind, where);
        await store.Store.AppendAsync(Outcome(name, 0), CancellationToken.None);
        Console.WriteLine("ready");
        if (Console.ReadLine() != "go")
        {
            return 2;
        }

        var started = Stopwatch.GetTimestamp();
        for (var i = 1; i <= count; i++)
        {
            await store.Store.AppendAsync(Outcome(name, i), CancellationToken.None);
        }

        Console.WriteLine(Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture));
        return 0;
    }

    private static async Task<JsonObject> PostgresAsync(string server, int outcomes, IReadOnlyList<int> writerCounts)
    {
        var result = new JsonObject();
        var serverTarget = DatabaseTarget.Parse(server, ConnectSeconds, 300);
        result["server"] = serverTarget.Redacted;
        foreach (var writers in writerCounts)
        {
            var name = "agent42_bench_" + Guid.NewGuid().ToString("N")[..12];
            var scratch = new NpgsqlConnectionStringBuilder(serverTarget.ConnectionString) { Database = name, Pooling = true }.ConnectionString;
            await AdminAsync(serverTarget, $"CREATE DATABASE {name}");
            try
            {
                await using (var database = new Agent42Database(DatabaseTarget.Parse(scratch, ConnectSeconds, 300)))
                await using (await database.OpenAsync())
                {
                    // Set up once here, so the writers time appends, not the first migration.
                }

                result[$"writers_{writers}"] = await ThroughputAsync("postgres", scratch, outcomes, writers);
                await Console.Error.WriteLineAsync($"postgres, {writers} writer(s): {result[$"writers_{writers}"]!.ToJsonString()}");
                if (writers == writerCounts[^1])
                {
                    using var data = new ScratchDirectory();
                    result["routing"] = await RoutingLatencyAsync(
                        new Dictionary<string, string?> { ["AGENT42_DATABASE_URL"] = scratch, ["AGENT42_DATA_DIR"] = data.Path },
                        () => new PostgresOutcomeStore(new Agent42Database(DatabaseTarget.Parse(scratch, ConnectSeconds, 300))));
                }
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                await AdminAsync(serverTarget, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            }
        }

        return result;
    }

    private static async Task<JsonObject> ThroughputAsync(string kind, string where, int outcomes, int writers)
    {
        var each = Math.Max(1, outcomes / writers);
        var children = Enumerable.Range(0, writers).Select(i => StartWriter(kind, where, each, $"w{i}")).ToList();
        try
        {
            foreach (var child in children)
            {
                var line = await child.StandardOutput.ReadLineAsync();
                if (line != "ready")
                {
                    throw new InvalidOperationException($"a {kind} writer did not start: {line} {await child.StandardError.ReadToEndAsync()}");
                }
            }

            var started = Stopwatch.GetTimestamp();
            foreach (var child in children)
            {
                await child.StandardInput.WriteLineAsync("go");
                await child.StandardInput.FlushAsync();
            }

            var own = new List<double>();
            foreach (var child in children)
            {
                var line = await child.StandardOutput.ReadLineAsync();
                await child.WaitForExitAsync();
                own.Add(double.Parse(line ?? "0", CultureInfo.InvariantCulture));
            }

            var wallMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var total = each * writers;
            return new JsonObject
            {
                ["outcomes"] = total,
                ["wall_ms"] = Math.Round(wallMs, 1),
                ["outcomes_per_second"] = Math.Round(total / (wallMs / 1000), 1),
                ["mean_append_ms_per_writer"] = Math.Round(own.Average() / each, 3),
            };
        }
        finally
        {
            foreach (var child in children)
            {
                if (!child.HasExited)
                {
                    child.Kill();
                }

                child.Dispose();
            }
        }
    }

    /// <summary>
    /// The routing service as a run builds it (real composition, configuration and catalog snapshot) over the store
    /// the throughput runs filled; a separate store instance records one outcome before each timed decision, so the
    /// decision includes following the store (reading what another writer appended) as it does in a fleet.
    /// </summary>
    private static async Task<JsonObject> RoutingLatencyAsync(Dictionary<string, string?> environment, Func<IOutcomeStore> otherWriter)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(environment).Build();
        using var workspace = new ScratchDirectory();
        var settings = Agent42Settings.Load(configuration, workspace.Path);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddAgent42Core(settings)
            .BuildServiceProvider();
        await using (services)
        {
            var routing = services.GetRequiredService<RoutingService>();
            var other = otherWriter();
            var types = Enum.GetValues<TaskType>();
            var cold = Stopwatch.GetTimestamp();
            routing.Route(TaskType.Coding);
            var coldMs = Stopwatch.GetElapsedTime(cold).TotalMilliseconds;
            var steady = new List<double>();
            var following = new List<double>();
            for (var i = 0; i < Decisions; i++)
            {
                var started = Stopwatch.GetTimestamp();
                routing.Route(types[i % types.Length]);
                steady.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }

            for (var i = 0; i < Decisions; i++)
            {
                await other.AppendAsync(Outcome("other", i), CancellationToken.None);
                var started = Stopwatch.GetTimestamp();
                routing.Route(types[i % types.Length]);
                following.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }

            if (other is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }

            return new JsonObject
            {
                ["outcomes_in_store"] = routing.Stats().Count,
                ["first_decision_ms"] = Math.Round(coldMs, 2),
                ["decision_us_p50_no_new_outcomes"] = Percentile(steady, 0.5),
                ["decision_us_p95_no_new_outcomes"] = Percentile(steady, 0.95),
                ["decision_us_p50_after_another_writer_recorded"] = Percentile(following, 0.5),
                ["decision_us_p95_after_another_writer_recorded"] = Percentile(following, 0.95),
            };
        }
    }

    private static Process StartWriter(string kind, string where, int count, string name)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(StoreBench).Assembly.Location);
        }

        foreach (var arg in new[] { "store-writer", kind, where, count.ToString(CultureInfo.InvariantCulture), name })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private static OpenStore Open(string kind, string where) => kind switch
    {
        "files" => new OpenStore(new OutcomeLogWriter(Path.Combine(where, OutcomeRecorder.OutcomeLog)), null),
        _ => OpenPostgres(where),
    };

    private static OpenStore OpenPostgres(string connectionString)
    {
        var database = new Agent42Database(DatabaseTarget.Parse(connectionString, ConnectSeconds, 300));
        return new OpenStore(new PostgresOutcomeStore(database), database);
    }

    private static Dictionary<string, string?> FilesEnvironment(string dataDirectory) => new() { ["AGENT42_DATA_DIR"] = dataDirectory };

    private static async Task AdminAsync(DatabaseTarget server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static OutcomeRecord Outcome(string writer, int i) =>
        new($"{writer}-{i}", $"or-free-bench-{i % 7}", (TaskType)(i % Enum.GetValues<TaskType>().Length), i % 3 != 0, 1 + (i % 3), 8, 0.5 + (i % 5) / 10.0,
            500, 200, 1000, DateTimeOffset.UtcNow);

    private static double Percentile(List<double> samples, double p)
    {
        var sorted = samples.Order().ToList();
        return Math.Round(sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))], 1);
    }

    private sealed record OpenStore(IOutcomeStore Store, Agent42Database? Database) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (Database is not null)
            {
                await Database.DisposeAsync();
            }
        }
    }

    private sealed class ScratchDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("a42-bench-store-").FullName;

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
