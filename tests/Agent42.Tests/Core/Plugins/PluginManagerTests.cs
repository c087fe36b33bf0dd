using System.Runtime.CompilerServices;
using System.Text.Json;
using Agent42.Core.Configuration;
using Agent42.Core.Plugins.Cache;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins;
using Agent42.Core.Tools;
using Agent42.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agent42.Tests.Core.Plugins;

/// <summary>The whole per-file pipeline, against a real tools directory, the real compiler and a real registry.</summary>
public sealed class PluginManagerTests : IAsyncDisposable
{
    private static readonly JsonElement NoArguments = JsonDocument.Parse("{}").RootElement;
    private readonly TempDirectory _root = new();
    private readonly List<PluginManager> _managers = [];
    private readonly List<FakeToolServices> _services = [];

    public PluginManagerTests()
    {
        Directory.CreateDirectory(ToolsDir);
        Directory.CreateDirectory(Workspace);
        Registry = new ToolRegistry([DelegateTool.Returning("read_file", "builtin")], new ToolOptions { ToolTimeoutSeconds = 5 },
            TimeProvider.System, NullLogger<ToolRegistry>.Instance);
    }

    private string ToolsDir => _root.Combine("custom_tools");

    private string Workspace => _root.Combine("workspace");

    private ToolRegistry Registry { get; set; }

    public async ValueTask DisposeAsync()
    {
        foreach (var manager in _managers)
        {
            await manager.DisposeAsync();
        }

        _root.Dispose();
    }

    private PluginManager CreateSut(bool cache = true)
    {
        var paths = new Agent42Paths(Workspace, ToolsDir, _root.Combine("data"));
        var services = new FakeToolServices(Workspace, Registry);
        var context = services.Context;
        _services.Add(services);
        var manager = new PluginManager(paths, new PluginOptions { CacheEnabled = cache }, Registry, context, new Lazy<PluginCompiler>(() => new PluginCompiler(ToolsDir)),
            TimeProvider.System, NullLogger<PluginManager>.Instance);
        _managers.Add(manager);
        return manager;
    }

    private FakeToolServices ServicesOf(PluginManager manager) => _services[_managers.IndexOf(manager)];

    /// <summary>Loads with a manager and stops it, which waits for its cache writes, as a process exit does.</summary>
    private async Task<IReadOnlyList<PluginEvent>> LoadAndStopAsync()
    {
        var manager = CreateSut();
        var events = await manager.LoadAllAsync(CancellationToken.None);
        await manager.DisposeAsync();
        return events;
    }

    private static string Tool(string name, string output, string className = "T") => PluginHarness.Usings + PluginHarness.RawTool(className + "_" + name, name, $"\"{output}\"");

    private string WriteTool(string file, string source) => _root.Write(Path.Combine("custom_tools", file), source);

    private Task<PluginEvent?> ApplyAsync(PluginManager sut, string file) =>
        sut.ApplyAsync(Path.Combine(ToolsDir, file), TimeProvider.System.GetTimestamp(), CancellationToken.None);

    private async Task<string> CallAsync(string tool) => (await Registry.ExecuteAsync(tool, NoArguments)).Content;

    [Test]
    public async Task LoadAll_LoadsEveryFile_AndOfTwoFilesWithOneName_TheFirstByPathKeepsIt()
    {
        WriteTool("a.cs", Tool("shared", "from a"));
        WriteTool("b.cs", Tool("shared", "from b") + PluginHarness.RawTool("Other", "only_b", "\"b\""));
        var sut = CreateSut();

        var events = await sut.LoadAllAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(events.Select(e => (e.Kind, Path.GetFileName(e.FilePath))),
                Is.EqualTo(new[] { (PluginEventKind.Loaded, "a.cs"), (PluginEventKind.Loaded, "b.cs") }));
            Assert.That(await CallAsync("shared"), Is.EqualTo("from a"));
            Assert.That(await CallAsync("only_b"), Is.EqualTo("b"));
            var collision = events[1].Diagnostics.Single();
            Assert.That(collision.Code, Is.EqualTo(PluginDiagnosticCodes.NameTaken));
            Assert.That(collision.FilePath, Does.EndWith("b.cs"));
            Assert.That(collision.Message, Does.Contain("'shared' is already provided by").And.EndWith("a.cs"));
        });
    }

    [Test]
    public async Task LoadAll_ReadsWhetherAToolIsReadOnly_AndAToolThatDoesNotSay_CountsAsWriting()
    {
        var reader = PluginHarness.RawTool("Reader", "reader").Replace(
            "public override string Name", "public override bool IsReadOnly => true;\n    public override string Name", StringComparison.Ordinal);
        WriteTool("r.cs", PluginHarness.Usings + reader + PluginHarness.RawTool("Writer", "writer"));
        var sut = CreateSut();

        var events = await sut.LoadAllAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(events.Single().Kind, Is.EqualTo(PluginEventKind.Loaded), () => string.Join("\n", events.Single().Diagnostics));
            Assert.That(Registry.Find("reader")?.Snapshot.IsReadOnly, Is.True);
            Assert.That(Registry.Find("writer")?.Snapshot.IsReadOnly, Is.False);
        });
    }

    [Test]
    public async Task LoadAll_APluginCannotTakeABuiltInName()
    {
        WriteTool("evil.cs", Tool("read_file", "pwned"));
        var sut = CreateSut();

        var e = (await sut.LoadAllAsync(CancellationToken.None)).Single();

        Assert.Multiple(async () =>
        {
            Assert.That(e.Kind, Is.EqualTo(PluginEventKind.Rejected));
            Assert.That(e.Diagnostics.Single().Message, Is.EqualTo("'read_file' is the name of a built-in tool, which plugins cannot replace"));
            Assert.That(await CallAsync("read_file"), Is.EqualTo("builtin"));
        });
    }

    [Test]
    public async Task Apply_AnEdit_SwapsInTheNewVersion_AndDropsToolsItNoLongerHas()
    {
        WriteTool("t.cs", Tool("alpha", "v1") + PluginHarness.RawTool("Beta", "beta", "\"b\""));
        var sut = CreateSut();
        await sut.LoadAllAsync(CancellationToken.None);

        WriteTool("t.cs", Tool("alpha", "v2"));
        var e = await ApplyAsync(sut, "t.cs");

        Assert.Multiple(async () =>
        {
            Assert.That(e!.Kind, Is.EqualTo(PluginEventKind.Updated));
            Assert.That(e.Tools, Is.EqualTo(new[] { "alpha" }));
            Assert.That(await CallAsync("alpha"), Is.EqualTo("v2"));
            Assert.That(Registry.Find("beta"), Is.Null);
        });
    }

    [Test]
    public async Task Apply_ABrokenEdit_KeepsTheLastGoodVersionLive_AndReportsLineAndColumn()
    {
        WriteTool("t.cs", Tool("alpha", "good"));
        var sut = CreateSut();
        await sut.LoadAllAsync(CancellationToken.None);

        WriteTool("t.cs", PluginHarness.Usings + "public sealed class Broken : Tool\n{\n    int x = \"text\";\n}\n");
        var e = await ApplyAsync(sut, "t.cs");

        Assert.Multiple(async () =>
        {
            Assert.That(e!.Kind, Is.EqualTo(PluginEventKind.Rejected));
            Assert.That(e.Tools, Is.EqualTo(new[] { "alpha" }), "the event says what stays live");
            var error = e.Diagnostics.First(d => d.Code == "CS0029");
            Assert.That((error.Line, error.Column), Is.EqualTo((11, 13)));
            Assert.That(await CallAsync("alpha"), Is.EqualTo("good"));
        });
    }

    [Test]
    public async Task Apply_SavingTheSameBrokenContentAgain_SaysNothingNew_AndGoingBackToTheLiveVersionSaysUpdated()
    {
        var good = Tool("alpha", "good");
        WriteTool("t.cs", good);
        var sut = CreateSut();
        await sut.LoadAllAsync(CancellationToken.None);
        WriteTool("t.cs", good + "garbage");
        await ApplyAsync(sut, "t.cs");

        var again = await ApplyAsync(sut, "t.cs");
        WriteTool("t.cs", good);
        var back = await ApplyAsync(sut, "t.cs");

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.Null);
            Assert.That(back!.Kind, Is.EqualTo(PluginEventKind.Updated));
            Assert.That(back.Tools, Is.EqualTo(new[] { "alpha" }));
        });
    }

    [Test]
    public async Task SpeculativeApply_OfAGoodEdit_GoesLiveAtOnce_AndTheSettledApplySaysNothingMore()
    {
        WriteTool("t.cs", Tool("alpha", "v1"));
        var sut = CreateSut();
        await sut.LoadAllAsync(CancellationToken.None);
        var path = WriteTool("t.cs", Tool("alpha", "v2"));

        var speculative = await sut.ApplyAsync(path, TimeProvider.System.GetTimestamp(), CancellationToken.None, stillLatest: () => true, speculative: true);
        var settled = await ApplyAsync(sut, "t.cs");

        Assert.Multiple(async () =>
        {
            Assert.That(speculative?.Kind, Is.EqualTo(PluginEventKind.Updated));
            Assert.That(await CallAsync("alpha"), Is.EqualTo("v2"));
            Assert.That(settled, Is.Null);
        });
    }

    [Test]
    public async Task SpeculativeApply_OfAHalfWrittenFile_SaysNothing_AndTheSettledApplyReportsTheRejection()
    {
        WriteTool("t.cs", Tool("alpha", "v1"));
        var sut = CreateSut();
        await sut.LoadAllAsync(CancellationToken.None);
        var events = new List<PluginEvent>();
        sut.Changed += (_, e) => events.Add(e);
        var path = WriteTool("t.cs", Tool("alpha", "v2")[..^40]);

        var speculative = await sut.ApplyAsync(path, TimeProvider.System.GetTimestamp(), CancellationToken.None, stillLatest: () => true, speculative: true);
        var eventsAfterSpeculation = events.Count;
        var settled = await ApplyAsync(sut, "t.cs");

        Assert.Multiple(async () =>
        {
            Assert.That(speculative, Is.Null);
            Assert.That(eventsAfterSpeculation, Is.Zero, "no spurious rejection before the quiet period");
            Assert.That(settled?.Kind, Is.EqualTo(PluginEventKind.Rejected), "the broken content was not remembered as already reported");
            Assert.That(await CallAsync("alpha"), Is.EqualTo("v1"));
        });
    }

    [Test]
    public async Task SpeculativeApply_WhenANewerChangeCame_DoesNotSwap()
    {
        WriteTool("t.cs", Tool("alpha", "v1"));
        var sut = CreateSut();
        await sut.LoadAllAsync(CancellationToken.None);
        var path = WriteTool("t.cs", Tool("alpha", "v2"));

        var speculative = await sut.ApplyAsync(path, TimeProvider.System.GetTimestamp(), CancellationToken.None, stillLatest: () => false, speculative: true);

        Assert.Multiple(async () =>
        {
            Assert.That(speculative, Is.Null);
            Assert.That(await CallAsync("alpha"), Is.EqualTo("v1"));
            Assert.That((await ApplyAsync(sut, "t.cs"))?.Kind, Is.EqualTo(PluginEventKind.Updated), "the settled apply brings it");
        });
    }

    [Test]
    public async Task SettledApply_OvertakenByANewerChangeWhileItRead_SaysNothing_AndTheNewerChangesApplyReports()
    {
        WriteTool("t.cs", Tool("alpha", "v1"));
        var sut = CreateSut();
        await sut.LoadAllAsync(CancellationToken.None);
        var events = new List<PluginEvent>();
        sut.Changed += (_, e) => events.Add(e);
        var path = WriteTool("t.cs", Tool("alpha", "v2")[..^40]); // read while the next save was writing it

        var overtaken = await sut.ApplyAsync(path, TimeProvider.System.GetTimestamp(), CancellationToken.None, stillLatest: () => false);
        var eventsAfterOvertaken = events.Count;
        var settled = await sut.ApplyAsync(path, TimeProvider.System.GetTimestamp(), CancellationToken.None, stillLatest: () => true);

        Assert.Multiple(async () =>
        {
            Assert.That(overtaken, Is.Null);
            Assert.That(eventsAfterOvertaken, Is.Zero, "no rejection of a file that a newer save was writing");
            Assert.That(settled?.Kind, Is.EqualTo(PluginEventKind.Rejected), "the overtaken apply left no trace");
            Assert.That(await CallAsync("alpha"), Is.EqualTo("v1"));
        });
    }

    [Test]
    public async Task Apply_UnchangedContent_DoesNothing()
    {
        WriteTool("t.cs", Tool("alpha", "v1"));
        var sut = CreateSut();
        await sut.LoadAllAsync(CancellationToken.None);
        var live = sut.LiveVersion(Path.Combine(ToolsDir, "t.cs"));

        var e = await ApplyAsync(sut, "t.cs");

        Assert.Multiple(() =>
        {
            Assert.That(e, Is.Null);
            Assert.That(sut.LiveVersion(Path.Combine(ToolsDir, "t.cs")), Is.SameAs(live));
        });
    }

    [Test]
    public async Task Apply_AFileEmptiedMidWrite_IsRejected_AndTheLastGoodVersionStays()
    {
        WriteTool("t.cs", Tool("alpha", "v1"));
        var sut = CreateSut();
        await sut.LoadAllAsync(CancellationToken.None);

        WriteTool("t.cs", "");
        var e = await ApplyAsync(sut, "t.cs");

        Assert.Multiple(async () =>
        {
            Assert.That(e!.Kind, Is.EqualTo(PluginEventKind.Rejected));
            Assert.That(await CallAsync("alpha"), Is.EqualTo("v1"));
        });
    }

    [Test]
    public async Task Apply_Delete_RemovesTheTools_AndLetsABlockedFileHaveTheName()
    {
        WriteTool("a.cs", Tool("shared", "from a"));
        WriteTool("b.cs", Tool("shared", "from b"));
        var sut = CreateSut();
        var raised = new List<PluginEvent>();
        await sut.LoadAllAsync(CancellationToken.None);
        sut.Changed += (_, e) => raised.Add(e);

        File.Delete(Path.Combine(ToolsDir, "a.cs"));
        var e = await ApplyAsync(sut, "a.cs");

        Assert.Multiple(async () =>
        {
            Assert.That(e!.Kind, Is.EqualTo(PluginEventKind.Removed));
            Assert.That(await CallAsync("shared"), Is.EqualTo("from b"));
            Assert.That(raised.Select(r => (r.Kind, Path.GetFileName(r.FilePath))), Is.EqualTo(new[] { (PluginEventKind.Removed, "a.cs"), (PluginEventKind.Loaded, "b.cs") }));
        });
    }

    [Test]
    public async Task Apply_ARename_IsADeleteAndACreate()
    {
        WriteTool("old.cs", Tool("alpha", "v1"));
        var sut = CreateSut();
        await sut.LoadAllAsync(CancellationToken.None);

        File.Move(Path.Combine(ToolsDir, "old.cs"), Path.Combine(ToolsDir, "new.cs"));
        var removed = await ApplyAsync(sut, "old.cs");
        var loaded = await ApplyAsync(sut, "new.cs");

        Assert.Multiple(() =>
        {
            Assert.That(removed!.Kind, Is.EqualTo(PluginEventKind.Removed));
            Assert.That(loaded!.Kind, Is.EqualTo(PluginEventKind.Loaded));
            Assert.That(Registry.Find("alpha")!.FilePath, Does.EndWith("new.cs"));
        });
    }

    [Test]
    public async Task Apply_ACallInFlight_FinishesOnTheOldVersion()
    {
        var slow = PluginHarness.Usings + """
            public sealed class Slow : Tool
            {
                public override string Name => "slow";
                public override string Description => "Slow.";
                public override JsonElement Parameters { get; } = JsonDocument.Parse("{\"type\":\"object\"}").RootElement;
                public override async Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken)
                {
                    await Task.Delay(500, cancellationToken);
                    return ToolResult.Ok("old");
                }
            }
            """;
        WriteTool("slow.cs", slow);
        var sut = CreateSut();
        await sut.LoadAllAsync(CancellationToken.None);

        var oldVersion = sut.LiveVersion(Path.Combine(ToolsDir, "slow.cs"))!;
        var inFlight = Registry.ExecuteAsync("slow", NoArguments);
        WriteTool("slow.cs", Tool("slow", "new"));
        await ApplyAsync(sut, "slow.cs");
        var after = await CallAsync("slow");
        var unloadedWhileRunning = oldVersion.IsUnloaded;
        var oldResult = await inFlight;
        for (var i = 0; i < 100 && !oldVersion.IsUnloaded; i++)
        {
            await Task.Delay(10);
        }

        Assert.Multiple(() =>
        {
            Assert.That(oldResult.Output, Is.EqualTo("old"));
            Assert.That(after, Is.EqualTo("new"));
            Assert.That(unloadedWhileRunning, Is.False, "the old version is not unloaded under a running call");
            Assert.That(oldVersion.IsUnloaded, Is.True, "the old version is unloaded once its call returned");
        });
    }

    [Test]
    public async Task LoadAll_OnRestart_LoadsFromTheCache()
    {
        WriteTool("t.cs", Tool("alpha", "v1"));
        var first = await LoadAndStopAsync();
        Registry = new ToolRegistry([], new ToolOptions(), TimeProvider.System, NullLogger<ToolRegistry>.Instance);

        var second = await CreateSut().LoadAllAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(first.Single().FromCache, Is.False);
            Assert.That(second.Single().FromCache, Is.True);
            Assert.That(await CallAsync("alpha"), Is.EqualTo("v1"));
        });
    }

    [Test]
    public async Task LoadAll_FromTheCache_SkipsRegeneratingSchemasThatPassedBefore_ButStillChecksTheOthers()
    {
        // The schema getter logs through the injected logger, so the test can see when it runs.
        var source = PluginHarness.Usings + """
            public sealed class Logged(IToolLogger log) : Tool
            {
                public override string Name => "logged";
                public override string Description => "Logs when its schema is read.";
                public override JsonElement Parameters
                {
                    get
                    {
                        log.Information("schema read");
                        return JsonDocument.Parse("{\"type\":\"object\"}").RootElement;
                    }
                }
                public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) =>
                    Task.FromResult(ToolResult.Ok("ok"));
            }

            public sealed class BadSchema : Tool
            {
                public override string Name => "bad_schema";
                public override string Description => "Its schema is not an object schema.";
                public override JsonElement Parameters => JsonDocument.Parse("[]").RootElement;
                public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) =>
                    Task.FromResult(ToolResult.Ok("never"));
            }
            """;
        WriteTool("logged.cs", source);
        var first = CreateSut();
        await first.LoadAllAsync(CancellationToken.None);
        var readsOnFirstLoad = ServicesOf(first).Logged.Count(m => m == "info: schema read");
        await first.DisposeAsync();
        Registry = new ToolRegistry([], new ToolOptions(), TimeProvider.System, NullLogger<ToolRegistry>.Instance);

        var second = CreateSut();
        var e = (await second.LoadAllAsync(CancellationToken.None)).Single();
        var readsOnCachedLoad = ServicesOf(second).Logged.Count(m => m == "info: schema read");
        _ = Registry.Find("logged")!.Tool.Parameters;

        Assert.Multiple(() =>
        {
            Assert.That(readsOnFirstLoad, Is.EqualTo(1));
            Assert.That(e.FromCache, Is.True);
            Assert.That(readsOnCachedLoad, Is.Zero, "a schema that passed with this very image is not generated again at load");
            Assert.That(ServicesOf(second).Logged.Count(m => m == "info: schema read"), Is.EqualTo(1), "it is generated when asked for");
            Assert.That(Registry.Find("bad_schema"), Is.Null, "a tool whose schema failed is checked, and refused, again");
            Assert.That(e.Diagnostics.Select(d => d.Code), Does.Contain(PluginDiagnosticCodes.InvalidSchema));
        });
    }

    [Test]
    public async Task LoadAll_WithACorruptCacheEntry_CompilesAfresh()
    {
        WriteTool("t.cs", Tool("alpha", "v1"));
        await LoadAndStopAsync();
        var dll = Directory.GetFiles(_root.Combine("data", PluginCache.FolderName), "*.dll").Single();
        File.WriteAllBytes(dll, [0x4D, 0x5A, 0, 1, 2, 3]);
        Registry = new ToolRegistry([], new ToolOptions(), TimeProvider.System, NullLogger<ToolRegistry>.Instance);

        var e = (await CreateSut().LoadAllAsync(CancellationToken.None)).Single();

        Assert.Multiple(async () =>
        {
            Assert.That(e.Kind, Is.EqualTo(PluginEventKind.Loaded));
            Assert.That(e.FromCache, Is.False);
            Assert.That(await CallAsync("alpha"), Is.EqualTo("v1"));
        });
    }

    [Test]
    public async Task LoadAll_WithACachedImageThatDoesNotLoad_DropsItAndCompilesAfresh()
    {
        WriteTool("t.cs", Tool("alpha", "v1"));
        await LoadAndStopAsync();
        var cacheDir = _root.Combine("data", PluginCache.FolderName);
        var dll = Directory.GetFiles(cacheDir, "*.dll").Single();
        var manifestPath = Directory.GetFiles(cacheDir, "*.manifest").Single();
        // Garbage whose hash matches the manifest: only loading it can tell.
        byte[] garbage = [0x4D, 0x5A, 9, 9, 9];
        File.WriteAllBytes(dll, garbage);
        var manifest = File.ReadAllText(manifestPath);
        var oldHash = manifest.Split('\n').Single(l => l.StartsWith("image-sha256: ", StringComparison.Ordinal))["image-sha256: ".Length..];
        File.WriteAllText(manifestPath, manifest.Replace(oldHash, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(garbage)), StringComparison.Ordinal));
        Registry = new ToolRegistry([], new ToolOptions(), TimeProvider.System, NullLogger<ToolRegistry>.Instance);

        var e = (await CreateSut().LoadAllAsync(CancellationToken.None)).Single();

        Assert.Multiple(async () =>
        {
            Assert.That(e.Kind, Is.EqualTo(PluginEventKind.Loaded), string.Join("\n", e.Diagnostics));
            Assert.That(e.FromCache, Is.False);
            Assert.That(await CallAsync("alpha"), Is.EqualTo("v1"));
        });
    }

    [Test]
    public async Task Apply_WhenALoadedHelperChanges_RebuildsTheScriptsThatLoadIt()
    {
        WriteTool("_helper.csx", "static string Greeting() => \"hello\";\n");
        WriteTool("greet.csx", "#load \"_helper.csx\"\n" + PluginHarness.Usings + PluginHarness.RawTool("Greet", "greet", "Greeting()"));
        var sut = CreateSut();
        await sut.LoadAllAsync(CancellationToken.None);
        var raised = new List<PluginEvent>();
        sut.Changed += (_, e) => raised.Add(e);

        WriteTool("_helper.csx", "static string Greeting() => \"bonjour\";\n");
        await ApplyAsync(sut, "_helper.csx");

        Assert.Multiple(async () =>
        {
            Assert.That(raised.Single().Kind, Is.EqualTo(PluginEventKind.Updated));
            Assert.That(await CallAsync("greet"), Is.EqualTo("bonjour"));
        });
    }

    [Test]
    public async Task Apply_WhenAHelperLoadedOnALineWithATrailingComment_Changes_RebuildsTheScript()
    {
        WriteTool("_helper.csx", "static string Greeting() => \"hello\";\n");
        WriteTool("greet.csx", "#load \"_helper.csx\" // shared greeting\n" + PluginHarness.Usings + PluginHarness.RawTool("Greet", "greet", "Greeting()"));
        var sut = CreateSut();
        await sut.LoadAllAsync(CancellationToken.None);
        var raised = new List<PluginEvent>();
        sut.Changed += (_, e) => raised.Add(e);

        WriteTool("_helper.csx", "static string Greeting() => \"bonjour\";\n");
        await ApplyAsync(sut, "_helper.csx");

        Assert.Multiple(async () =>
        {
            Assert.That(raised.Select(e => e.Kind), Is.EqualTo(new[] { PluginEventKind.Updated }));
            Assert.That(await CallAsync("greet"), Is.EqualTo("bonjour"));
        });
    }

    [Test]
    public async Task LoadAll_AfterAHelperLoadedWithATrailingCommentChanged_DoesNotUseTheStaleCachedImage()
    {
        WriteTool("_helper.csx", "static string Greeting() => \"hello\";\n");
        WriteTool("greet.csx", "#load \"_helper.csx\" // shared greeting\n" + PluginHarness.Usings + PluginHarness.RawTool("Greet", "greet", "Greeting()"));
        await LoadAndStopAsync();
        Registry = new ToolRegistry([], new ToolOptions { ToolTimeoutSeconds = 5 }, TimeProvider.System, NullLogger<ToolRegistry>.Instance);

        WriteTool("_helper.csx", "static string Greeting() => \"bonjour\";\n");
        var e = (await CreateSut().LoadAllAsync(CancellationToken.None)).Single();

        Assert.Multiple(async () =>
        {
            Assert.That(e.FromCache, Is.False);
            Assert.That(await CallAsync("greet"), Is.EqualTo("bonjour"));
        });
    }

    [Test]
    public async Task Apply_WhenAMissingHelperWasCreated_RebuildsTheUnchangedScriptThatWasRejected()
    {
        WriteTool("greet.csx", "#load \"_helper.csx\"\n" + PluginHarness.Usings + PluginHarness.RawTool("Greet", "greet", "Greeting()"));
        var sut = CreateSut();
        var rejected = (await sut.LoadAllAsync(CancellationToken.None)).Single();

        WriteTool("_helper.csx", "static string Greeting() => \"hello\";\n");
        var e = await ApplyAsync(sut, "greet.csx");

        Assert.Multiple(async () =>
        {
            Assert.That(rejected.Kind, Is.EqualTo(PluginEventKind.Rejected));
            Assert.That(e?.Kind, Is.EqualTo(PluginEventKind.Loaded));
            Assert.That(await CallAsync("greet"), Is.EqualTo("hello"));
        });
    }

    [Test]
    public async Task AToolThatThrows_ReportsTheSourceLineThroughThePdb()
    {
        var throwing = PluginHarness.Usings + """
            public sealed class Thrower : Tool
            {
                public override string Name => "thrower";
                public override string Description => "Throws.";
                public override JsonElement Parameters { get; } = JsonDocument.Parse("{\"type\":\"object\"}").RootElement;
                public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) =>
                    throw new InvalidOperationException("kaput");
            }
            """;
        WriteTool("thrower.cs", throwing);
        var logger = new TestLogger<ToolRegistry>();
        Registry = new ToolRegistry([], new ToolOptions(), TimeProvider.System, logger);
        await CreateSut().LoadAllAsync(CancellationToken.None);

        var result = await Registry.ExecuteAsync("thrower", NoArguments);

        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Is.EqualTo("Tool 'thrower' failed: InvalidOperationException: kaput"));
            Assert.That(logger.Entries.Single().Exception!.StackTrace, Does.Contain("thrower.cs:line 15"));
        });
    }

    [Test]
    public async Task APluginToolThatHangs_TimesOutAndTheHostCarriesOn()
    {
        var hanging = PluginHarness.Usings + """
            public sealed class Hangs : Tool
            {
                public override string Name => "hangs";
                public override string Description => "Never answers.";
                public override JsonElement Parameters { get; } = JsonDocument.Parse("{\"type\":\"object\"}").RootElement;
                public override async Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                    return ToolResult.Ok("unreachable");
                }
            }
            """ + PluginHarness.RawTool("Fine", "fine", "\"fine\"");
        WriteTool("hangs.cs", hanging);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        Registry = new ToolRegistry([], new ToolOptions { ToolTimeoutSeconds = 5 }, time, NullLogger<ToolRegistry>.Instance);
        await CreateSut().LoadAllAsync(CancellationToken.None);

        var call = Registry.ExecuteAsync("hangs", NoArguments);
        for (var i = 0; i < 2000 && !call.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(6));
            await Task.Delay(1);
        }

        Assert.Multiple(async () =>
        {
            Assert.That((await call).Error, Is.EqualTo("Tool 'hangs' timed out after 5 s"));
            Assert.That(await CallAsync("fine"), Is.EqualTo("fine"));
        });
    }

    [Test]
    public async Task LoadAll_AfterTheSourceChangedWhileStopped_CompilesTheNewVersionAndDropsTheStaleEntry()
    {
        WriteTool("t.cs", Tool("alpha", "v1"));
        await LoadAndStopAsync();
        WriteTool("t.cs", Tool("alpha", "v2"));
        Registry = new ToolRegistry([], new ToolOptions(), TimeProvider.System, NullLogger<ToolRegistry>.Instance);

        var e = (await LoadAndStopAsync()).Single();

        Assert.Multiple(async () =>
        {
            Assert.That(e.FromCache, Is.False);
            Assert.That(await CallAsync("alpha"), Is.EqualTo("v2"));
            Assert.That(Directory.GetFiles(_root.Combine("data", PluginCache.FolderName), "*.manifest"), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public async Task HundredSwaps_LeaveEveryOldLoadContextCollectable()
    {
        WriteTool("t.cs", Tool("alpha", "v0"));
        var sut = CreateSut(cache: false);
        await sut.LoadAllAsync(CancellationToken.None);

        var old = await SwapManyTimesAsync(sut, 100);
        for (var i = 0; i < 20 && old.Any(w => w.IsAlive); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(10);
        }

        Assert.Multiple(async () =>
        {
            Assert.That(old.Count(w => w.IsAlive), Is.Zero, "old load contexts still alive");
            Assert.That(await CallAsync("alpha"), Is.EqualTo("v100"));
        });
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task<List<WeakReference>> SwapManyTimesAsync(PluginManager sut, int swaps)
    {
        var path = Path.Combine(ToolsDir, "t.cs");
        var old = new List<WeakReference>();
        for (var i = 1; i <= swaps; i++)
        {
            old.Add(sut.LiveVersion(path)!.ContextReference);
            WriteTool("t.cs", Tool("alpha", "v" + i));
            var e = await ApplyAsync(sut, "t.cs");
            Assert.That(e!.Kind, Is.EqualTo(PluginEventKind.Updated), () => string.Join("\n", e.Diagnostics));
            await Registry.ExecuteAsync("alpha", NoArguments);
        }

        return old;
    }
}
