using System.Diagnostics;
using System.Text.Json;
using Agent42.Tests.Core.Models.Catalog;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

/// <summary>
/// Agent42's state files under real separate processes: odd files at state paths, damaged files named on every
/// command until fixed, temps of killed writes swept (live ones not), and concurrent syncs merging.
/// </summary>
[TestFixture]
internal sealed class StateFilesCliTests
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(90);

    [TestCase("model_catalog.json", "models", "list")]
    [TestCase("model_research.json", "routing", "show")]
    [TestCase("dynamic_routing.json", "routing", "show")]
    [TestCase("model_performance.json", "models", "list")]
    public async Task AFifoAtAStatePath_IsNamed_AndNothingHangs(string name, string command, string subcommand)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("FIFOs are POSIX");
        }

        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("data"));
        Posix.MakeFifo(temp.Combine("data", name));

        var outcome = await Agent42Process.RunAsync(temp.Path, null, NoHang, command, subcommand);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Not.EqualTo(-1), "the command hung on the FIFO");
            Assert.That(outcome.Error, Does.Contain($"{name} is a FIFO (named pipe), not a regular file"));
        });
    }

    [TestCase("model_catalog.json")]
    [TestCase("model_research.json")]
    [TestCase("dynamic_routing.json")]
    public async Task ADirectoryAtAStatePath_IsNamed_NotTakenForNoFile(string name)
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("data", name));

        var outcome = await Agent42Process.RunAsync(temp.Path, null, NoHang, "routing", "show");

        Assert.That(outcome.Error, Does.Contain($"{name} is a directory, not a regular file"));
    }

    [Test]
    public async Task ACorruptCatalog_IsNamedOnEveryLaterCommand_UntilASyncWritesAGoodOne()
    {
        await using var server = await FakeOpenRouter.StartAsync();
        server.ModelsBody = CatalogJson.Catalog(CatalogJson.Model("acme/rocket:free"));
        using var temp = new TempDirectory();
        temp.Write("data/model_catalog.json", "{ not json");
        var env = new Dictionary<string, string?> { ["OPENROUTER_BASE_URL"] = server.BaseUrl };
        const string Named = "the model catalog could not be read and was kept as model_catalog.json.corrupt-";

        var setAside = await Agent42Process.RunAsync(temp.Path, env, NoHang, "models", "list");
        var later = new[]
        {
            await Agent42Process.RunAsync(temp.Path, env, NoHang, "models", "list", "--json"),
            await Agent42Process.RunAsync(temp.Path, env, NoHang, "routing", "show"),
            await Agent42Process.RunAsync(temp.Path, env, NoHang, "tools", "list"),
        };
        var sync = await Agent42Process.RunAsync(temp.Path, env, NoHang, "models", "sync");
        var after = await Agent42Process.RunAsync(temp.Path, env, NoHang, "models", "list");

        Assert.Multiple(() =>
        {
            Assert.That(setAside.ExitCode, Is.Zero, setAside.Error);
            Assert.That(Directory.GetFiles(temp.Combine("data"), "model_catalog.json.corrupt-*"), Has.Length.EqualTo(1));
            foreach (var command in later)
            {
                Assert.That(command.Error, Does.Contain(Named).And.Contain("uses the shipped snapshot").And.Contain("fix: agent42 models sync"));
                Assert.That(command.Out, Does.Not.Contain("model_catalog.json.corrupt-"), "stdout is the result only");
            }

            Assert.That(() => JsonDocument.Parse(later[0].Out).Dispose(), Throws.Nothing, "--json stays clean");
            Assert.That(sync.ExitCode, Is.Zero, sync.Error);
            Assert.That(after.Error, Does.Not.Contain(Named));
            Assert.That(after.Out, Does.Contain("or-free-rocket"));
        });
    }

    [Test]
    public async Task ADamagedRoutingFile_IsNamed_AndKeptAsideBeforeARerankReplacesIt()
    {
        using var temp = new TempDirectory();
        var damaged = temp.Write("data/dynamic_routing.json", "{\"routing\": [tr");

        var before = await Agent42Process.RunAsync(temp.Path, null, NoHang, "models", "list");
        var rerank = await Agent42Process.RunAsync(temp.Path, null, NoHang, "routing", "rerank");
        var after = await Agent42Process.RunAsync(temp.Path, null, NoHang, "models", "list");

        var kept = Directory.GetFiles(temp.Combine("data"), "dynamic_routing.json.corrupt-*");
        Assert.Multiple(() =>
        {
            Assert.That(before.Error, Does.Contain("the learned routing cannot be read").And.Contain("fix: agent42 routing rerank"));
            Assert.That(rerank.ExitCode, Is.Zero, rerank.Error);
            Assert.That(kept, Has.Length.EqualTo(1));
            Assert.That(File.ReadAllText(kept.Single()), Is.EqualTo("{\"routing\": [tr"));
            Assert.That(File.ReadAllText(damaged), Does.Contain("\"routing\""));
            Assert.That(after.Error, Does.Not.Contain("the learned routing cannot be read"));
        });
    }

    [Test]
    public async Task UnreadableOutcomeLines_AreNamedOnEveryCommand()
    {
        using var temp = new TempDirectory();
        temp.Write("data/outcomes.jsonl", "{\"model_key\": \"x\", \"task_ty\n");

        var first = await Agent42Process.RunAsync(temp.Path, null, NoHang, "models", "list");
        var second = await Agent42Process.RunAsync(temp.Path, null, NoHang, "tools", "list");

        Assert.Multiple(() =>
        {
            Assert.That(first.Error, Does.Contain("1 line of the outcome log cannot be read (first: outcomes.jsonl line 1"));
            Assert.That(second.Error, Does.Contain("1 line of the outcome log cannot be read"));
        });
    }

    [Test]
    public async Task ATempOfAWriterKilledMidWrite_IsSwept_ButNotWhileTheWriterLives()
    {
        await using var server = await FakeOpenRouter.StartAsync();
        server.ModelsBody = CatalogJson.Catalog(CatalogJson.Model("acme/rocket:free"));
        using var temp = new TempDirectory();
        var env = new Dictionary<string, string?> { ["OPENROUTER_BASE_URL"] = server.BaseUrl };
        using var writer = StartPaused(temp, env, "model_catalog.json", out var marker, "models", "sync");
        try
        {
            var tempFile = await PausedTempAsync(writer, marker);

            var beside = await Agent42Process.RunAsync(temp.Path, env, NoHang, "tools", "list");
            var whileLive = File.Exists(tempFile);
            writer.Kill();
            await writer.WaitForExitAsync();
            var afterKill = await Agent42Process.RunAsync(temp.Path, env, NoHang, "tools", "list");

            Assert.Multiple(() =>
            {
                Assert.That(beside.ExitCode, Is.Zero, beside.Error);
                Assert.That(whileLive, Is.True, "a live writer's temp was swept");
                Assert.That(afterKill.ExitCode, Is.Zero, afterKill.Error);
                Assert.That(File.Exists(tempFile), Is.False, "the killed writer's temp stayed");
            });
        }
        finally
        {
            KillQuietly(writer);
        }
    }

    [Test]
    public async Task AStaleTempOfAFileWithoutALock_IsSweptAfterTenMinutes_AFreshOneIsKept()
    {
        using var temp = new TempDirectory();
        // The performance summary's writes take no lock, so only the age tells a dead writer's temp from a live one.
        var stale = temp.Write($"data/.model_performance.json.{Guid.NewGuid():N}.tmp", "{}");
        var fresh = temp.Write($"data/.model_performance.json.{Guid.NewGuid():N}.tmp", "{}");
        var unrelated = temp.Write("data/.notes.tmp", "mine");
        File.SetLastWriteTimeUtc(stale, File.GetLastWriteTimeUtc(fresh).AddMinutes(-11));

        var outcome = await Agent42Process.RunAsync(temp.Path, null, NoHang, "tools", "list");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(File.Exists(stale), Is.False);
            Assert.That(File.Exists(fresh), Is.True);
            Assert.That(File.Exists(unrelated), Is.True);
        });
    }

    [Test]
    public async Task TwoConcurrentSyncs_MergeIntoOneAnother_LosingNoModelNorFirstSeenDate()
    {
        await using var server = await FakeOpenRouter.StartAsync();
        server.ModelsBody = CatalogJson.Catalog(CatalogJson.Model("acme/rocket:free"));
        using var temp = new TempDirectory();
        var env = new Dictionary<string, string?> { ["OPENROUTER_BASE_URL"] = server.BaseUrl };
        using var first = StartPaused(temp, env, "model_catalog.json", out var marker, "models", "sync");
        try
        {
            // The first sync holds the catalog's lock with its write half done; the second fetches a newer catalog.
            await PausedTempAsync(first, marker);
            server.ModelsBody = CatalogJson.Catalog(CatalogJson.Model("acme/rocket:free"), CatalogJson.Model("acme/comet:free"));
            var second = Agent42Process.RunAsync(temp.Path, env, NoHang, "models", "sync", "--json");
            Assert.That(await Poll.UntilAsync(() => server.Requests >= 2, NoHang), Is.True, "the second sync never fetched");
            await first.StandardInput.WriteLineAsync();
            await first.StandardInput.FlushAsync();
            await first.WaitForExitAsync();
            var secondOutcome = await second;

            using var catalog = JsonDocument.Parse(File.ReadAllText(temp.Combine("data", "model_catalog.json")));
            var models = catalog.RootElement.GetProperty("models").EnumerateArray()
                .ToDictionary(m => m.GetProperty("id").GetString()!, m => m.GetProperty("first_seen").GetDateTimeOffset());
            var firstWrote = DateTimeOffset.Parse(JsonDocument.Parse(File.ReadAllText(marker + ".catalog")).RootElement
                .GetProperty("models")[0].GetProperty("first_seen").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Multiple(() =>
            {
                Assert.That(first.ExitCode, Is.Zero);
                Assert.That(secondOutcome.ExitCode, Is.Zero, secondOutcome.Error);
                Assert.That(models.Keys, Is.EquivalentTo(new[] { "acme/rocket:free", "acme/comet:free" }));
                Assert.That(models["acme/rocket:free"], Is.EqualTo(firstWrote), "the first sync's first-seen date went forward");
            });
        }
        finally
        {
            KillQuietly(first);
        }
    }

    /// <summary>Starts agent42 so that its atomic write of <paramref name="fileName"/> stops before the rename.</summary>
    private static Process StartPaused(TempDirectory temp, Dictionary<string, string?> env, string fileName, out string marker, params string[] args)
    {
        marker = temp.Combine("paused-" + Guid.NewGuid().ToString("N")[..8]);
        var start = Agent42Process.StartInfo(temp.Path, new Dictionary<string, string?>(env)
        {
            ["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location,
            [StartupHook.PauseVariable] = fileName,
            [StartupHook.PauseMarkerVariable] = marker,
        }, args);
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    /// <summary>Waits for the paused writer's temp; keeps a copy of what it was about to write beside the marker.</summary>
    private static async Task<string> PausedTempAsync(Process writer, string marker)
    {
        Assert.That(await Poll.UntilAsync(() => File.Exists(marker) || writer.HasExited, NoHang), Is.True, "the writer never paused");
        Assert.That(writer.HasExited, Is.False, "the writer ended instead of pausing");
        var tempFile = File.ReadAllText(marker);
        File.Copy(tempFile, marker + ".catalog");
        return tempFile;
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
