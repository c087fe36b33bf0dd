using System.Text.Json;
using Agent42.Core.Configuration;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins;
using Agent42.Core.Tools;
using Agent42.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agent42.Tests.Core.Plugins.Loading;

/// <summary>
/// A tool's load-time code (type initializer, constructor, metadata getters) that hangs or misbehaves: the file
/// is set aside with a diagnostic naming it, and built-ins, other files and later edits carry on. The load
/// deadline runs on a fake clock, advanced once the load is waiting on it.
/// </summary>
public sealed class PluginLoadFaultTests : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    private static readonly JsonElement NoArguments = JsonDocument.Parse("{}").RootElement;
    private readonly TempDirectory _root = new();
    private readonly List<PluginManager> _managers = [];
    private readonly ArmedClock _clock = new(Deadline);

    public PluginLoadFaultTests()
    {
        Directory.CreateDirectory(ToolsDir);
        Directory.CreateDirectory(Workspace);
        Registry = new ToolRegistry([DelegateTool.Returning("read_file", "builtin")], new ToolOptions { ToolTimeoutSeconds = 5 },
            TimeProvider.System, NullLogger<ToolRegistry>.Instance);
    }

    private string ToolsDir => _root.Combine("custom_tools");

    private string Workspace => _root.Combine("workspace");

    private ToolRegistry Registry { get; }

    public async ValueTask DisposeAsync()
    {
        foreach (var manager in _managers)
        {
            await manager.DisposeAsync();
        }

        _root.Dispose();
    }

    /// <summary>Blocks forever without burning a core: the thread stays parked for the rest of the test run.</summary>
    private const string HangForever = "new TaskCompletionSource().Task.Wait();";

    public static IEnumerable<TestCaseData> Hangs()
    {
        yield return new TestCaseData($$"""
            public sealed class Stuck : Tool
            {
                static Stuck() { {{HangForever}} }
                public override string Name => "stuck";
                public override string Description => "Never loads.";
                public override JsonElement Parameters => JsonDocument.Parse("{\"type\":\"object\"}").RootElement.Clone();
                public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) => Task.FromResult(ToolResult.Ok("no"));
            }
            """).SetName("Hang_InAStaticConstructor_SetsTheFileAside_AndEverythingElseLoads");
        yield return new TestCaseData($$"""
            public sealed class Stuck : Tool
            {
                public Stuck() { {{HangForever}} }
                public override string Name => "stuck";
                public override string Description => "Never loads.";
                public override JsonElement Parameters => JsonDocument.Parse("{\"type\":\"object\"}").RootElement.Clone();
                public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) => Task.FromResult(ToolResult.Ok("no"));
            }
            """).SetName("Hang_InAConstructor_SetsTheFileAside_AndEverythingElseLoads");
        yield return new TestCaseData($$"""
            public sealed class Stuck : Tool
            {
                public override string Name { get { {{HangForever}} return "stuck"; } }
                public override string Description => "Never loads.";
                public override JsonElement Parameters => JsonDocument.Parse("{\"type\":\"object\"}").RootElement.Clone();
                public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) => Task.FromResult(ToolResult.Ok("no"));
            }
            """).SetName("Hang_InTheNameGetter_SetsTheFileAside_AndEverythingElseLoads");
    }

    [TestCaseSource(nameof(Hangs))]
    public async Task Hang(string stuckTool)
    {
        WriteTool("a_good.cs", Tool("good", "good"));
        WriteTool("b_stuck.cs", PluginHarness.Usings + stuckTool);
        var sut = CreateSut();

        // Whether the two files load side by side or one after the other, once both deadlines are armed and one
        // is done, the one left is the stuck file's.
        var loading = Task.Run(() => sut.LoadAllAsync(CancellationToken.None));
        await _clock.WaitForAsync(armed: 2, disposed: 1);
        _clock.Advance(Deadline);
        var events = await loading;

        var stuck = events.Single(e => e.FilePath.EndsWith("b_stuck.cs", StringComparison.Ordinal));
        Assert.Multiple(async () =>
        {
            Assert.That(stuck.Kind, Is.EqualTo(PluginEventKind.Rejected));
            Assert.That(stuck.Diagnostics.Single().Code, Is.EqualTo(PluginDiagnosticCodes.ActivationTimedOut));
            Assert.That(stuck.Diagnostics.Single().Message, Does.StartWith("activation of b_stuck.cs did not finish within 5 s"));
            Assert.That(events.Where(e => e.Kind == PluginEventKind.Loaded).Select(e => e.Tools.Single()), Is.EqualTo(new[] { "good" }));
            Assert.That(await CallAsync("read_file"), Is.EqualTo("builtin"));
            Assert.That(await CallAsync("good"), Is.EqualTo("good"));
            Assert.That(Registry.Find("stuck"), Is.Null);
        });

        // The stuck file is not stuck for good: its next version loads.
        WriteTool("b_stuck.cs", Tool("stuck", "fixed"));
        var fixedVersion = await sut.ApplyAsync(Path.Combine(ToolsDir, "b_stuck.cs"), 0, CancellationToken.None);
        Assert.That(fixedVersion?.Kind, Is.EqualTo(PluginEventKind.Loaded));
        Assert.That(await CallAsync("stuck"), Is.EqualTo("fixed"));
    }

    [Test]
    public async Task GettersThatThrowAfterValidation_DoNotReachListingsOrTheModel()
    {
        // Each getter answers once and throws from then on: only the snapshot taken under the guard is ever used.
        WriteTool("flaky.cs", PluginHarness.Usings + """
            public sealed class Flaky : Tool
            {
                private int _names, _descriptions, _schemas;
                public override string Name => _names++ == 0 ? "flaky" : throw new InvalidOperationException("name again");
                public override string Description => _descriptions++ == 0 ? "Answers once." : throw new InvalidOperationException("description again");
                public override JsonElement Parameters => _schemas++ == 0
                    ? JsonDocument.Parse("{\"type\":\"object\"}").RootElement
                    : throw new InvalidOperationException("schema again");
                public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) => Task.FromResult(ToolResult.Ok("still works"));
            }
            """);
        var sut = CreateSut();

        var e = (await sut.LoadAllAsync(CancellationToken.None)).Single();
        var info = Registry.List().Single(t => t.Name == "flaky");

        Assert.Multiple(async () =>
        {
            Assert.That(e.Kind, Is.EqualTo(PluginEventKind.Loaded));
            Assert.That(info.Description, Is.EqualTo("Answers once."));
            Assert.That(info.Parameters.GetProperty("type").GetString(), Is.EqualTo("object"));
            Assert.That(Registry.Find("flaky")!.Description, Is.EqualTo("Answers once."));
            Assert.That(await CallAsync("flaky"), Is.EqualTo("still works"));
        });
    }

    [Test]
    public async Task ASchemaFromADisposedDocument_IsRefusedWithADiagnostic_AndTheFilesOtherToolsLoad()
    {
        WriteTool("disposed.cs", PluginHarness.Usings + """
            public sealed class Disposed : Tool
            {
                public override string Name => "disposed";
                public override string Description => "Its schema's document is gone.";
                public override JsonElement Parameters
                {
                    get
                    {
                        using var document = JsonDocument.Parse("{\"type\":\"object\"}");
                        return document.RootElement;
                    }
                }
                public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) => Task.FromResult(ToolResult.Ok("no"));
            }
            """ + PluginHarness.RawTool("Fine", "fine", "\"fine\""));
        var sut = CreateSut();

        var e = (await sut.LoadAllAsync(CancellationToken.None)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(e.Kind, Is.EqualTo(PluginEventKind.Loaded));
            Assert.That(e.Tools, Is.EqualTo(new[] { "fine" }));
            Assert.That(e.Diagnostics.Single().Code, Is.EqualTo(PluginDiagnosticCodes.MetadataThrew));
            Assert.That(e.Diagnostics.Single().Message, Does.Contain("Disposed was not loaded: reading its parameters threw ObjectDisposedException"));
            Assert.That(Registry.List().Select(t => t.Name), Is.EquivalentTo(new[] { "read_file", "fine" }));
        });
    }

    private const string Members = "public override string Name => \"p\"; public override string Description => \"d\"; "
        + "public override JsonElement Parameters => JsonDocument.Parse(\"{\\\"type\\\":\\\"object\\\"}\").RootElement.Clone(); "
        + "public override Task<ToolResult> ExecuteAsync(JsonElement a, CancellationToken c) => Task.FromResult(ToolResult.Ok(\"x\")); }";

    // Each would throw where no guard of the host can catch it, which ends the process. The API policy owns this
    // class (it sees the source, so it says where): refused at compile time with A42016, before any of it runs. The
    // loader's metadata check (A42305) guards only images the policy did not see; ProcessEndingCodeTests cover it.
    [TestCase("public sealed class P : Tool { public P() { Fire(); } private async void Fire() { await Task.Yield(); throw new InvalidOperationException(\"boom\"); } " + Members,
        "async void", TestName = "AsyncVoid_IsRefusedBeforeItRuns")]
    [TestCase("public sealed class P : Tool { public P() { Action a = async () => { await Task.Yield(); throw new InvalidOperationException(); }; a(); } " + Members,
        "async void", TestName = "AnAsyncVoidLambda_IsRefusedBeforeItRuns")]
    [TestCase("public sealed class P : Tool { ~P() { throw new InvalidOperationException(\"boom\"); } " + Members,
        "finalizer", TestName = "AFinalizer_IsRefusedBeforeItRuns")]
    [TestCase("public sealed class P : Tool { private readonly ITimer _t = TimeProvider.System.CreateTimer(_ => throw new InvalidOperationException(\"boom\"), null, TimeSpan.Zero, Timeout.InfiniteTimeSpan); " + Members,
        "System.TimeProvider.CreateTimer", TestName = "ATimerCallback_IsRefusedBeforeItRuns")]
    public async Task ProcessEnding(string source, string named)
    {
        WriteTool("p.cs", PluginHarness.Usings + source);
        WriteTool("q.cs", Tool("fine", "fine"));
        var sut = CreateSut();

        var events = await sut.LoadAllAsync(CancellationToken.None);

        var refused = events.Single(e => e.FilePath.EndsWith("p.cs", StringComparison.Ordinal));
        Assert.Multiple(async () =>
        {
            Assert.That(refused.Kind, Is.EqualTo(PluginEventKind.Rejected));
            Assert.That(refused.Diagnostics.Select(d => d.Code).Distinct(), Is.EqualTo(new[] { PluginDiagnosticCodes.Detached }),
                () => string.Join("\n", refused.Diagnostics));
            Assert.That(refused.Diagnostics, Has.Some.Matches<PluginDiagnostic>(d => d.Message.Contains(named, StringComparison.Ordinal)),
                () => string.Join("\n", refused.Diagnostics));
            Assert.That(refused.Diagnostics, Has.None.Matches<PluginDiagnostic>(d => d.Line == 1 && d.Column == 1), "the policy says where");
            Assert.That(await CallAsync("fine"), Is.EqualTo("fine"));
        });
    }

    [Test]
    public async Task SaveStormDuringAHang_EveryLaterEditIsApplied_InOrder()
    {
        WriteTool("good.cs", Tool("good", "v0"));
        var sut = CreateSut(debounceMs: 0);
        var events = new List<PluginEvent>();
        var settled = new SemaphoreSlim(0);
        sut.Changed += (_, e) =>
        {
            lock (events)
            {
                events.Add(e);
            }

            settled.Release();
        };
        await sut.LoadAllAsync(CancellationToken.None);
        sut.StartWatching();

        // The worker takes the hanging file and waits on its deadline; meanwhile another file is saved again and again.
        WriteTool("stuck.cs", PluginHarness.Usings + "public sealed class Stuck : Tool { public Stuck() { " + HangForever + " } "
            + "public override string Name => \"stuck\"; public override string Description => \"d\"; "
            + "public override JsonElement Parameters => default; "
            + "public override Task<ToolResult> ExecuteAsync(JsonElement a, CancellationToken c) => Task.FromResult(ToolResult.Ok(\"no\")); }");
        await _clock.WaitForAsync(armed: 2, disposed: 1);
        for (var i = 1; i <= 20; i++)
        {
            _root.Rewrite(Path.Combine("custom_tools", "good.cs"), Tool("good", "v" + i));
        }

        // The hanging file's deadline may be armed after the count above was reached (the worker can be between
        // compiling and activating it), so the clock is moved on until that file has been set aside: an advance
        // before its timer exists would leave the worker waiting for ever, and the test's tear-down with it.
        await WaitUntilAsync(settled, events, () => events.Any(e => e.Kind == PluginEventKind.Rejected) && ReadsV20(),
            nudge: () =>
            {
                bool setAside;
                lock (events)
                {
                    setAside = events.Any(e => e.Kind == PluginEventKind.Rejected);
                }

                if (!setAside)
                {
                    _clock.Advance(Deadline);
                }
            });

        PluginEvent rejected;
        lock (events)
        {
            rejected = events.First(e => e.Kind == PluginEventKind.Rejected);
        }

        Assert.Multiple(() =>
        {
            Assert.That(Path.GetFileName(rejected.FilePath), Is.EqualTo("stuck.cs"));
            Assert.That(rejected.Diagnostics.Single().Code, Is.EqualTo(PluginDiagnosticCodes.ActivationTimedOut));
        });
    }

    private bool ReadsV20() => Registry.ExecuteAsync("good", NoArguments).GetAwaiter().GetResult().Content == "v20";

    private static async Task WaitUntilAsync(SemaphoreSlim signal, List<PluginEvent> events, Func<bool> done, Action? nudge = null)
    {
        var waited = TimeSpan.Zero;
        // Each event releases the semaphore; the watcher's own events arrive in their own time (the OS's), so the
        // test waits for them, with a limit only so that a broken build fails instead of hanging.
        while (true)
        {
            lock (events)
            {
                if (done())
                {
                    return;
                }
            }

            nudge?.Invoke();
            var slice = nudge is null ? TimeSpan.FromSeconds(60) : TimeSpan.FromMilliseconds(100);

            if (!await signal.WaitAsync(slice) && (waited += slice) >= TimeSpan.FromSeconds(60))
            {
                lock (events)
                {
                    Assert.Fail("the expected events did not arrive; got: " + string.Join(", ", events.Select(e => $"{e.Kind} {Path.GetFileName(e.FilePath)}")));
                }
            }
        }
    }

    private PluginManager CreateSut(int debounceMs = 50)
    {
        var plugins = new PluginOptions { CacheEnabled = false, LoadTimeoutSeconds = (int)Deadline.TotalSeconds, DebounceMs = debounceMs, RescanSeconds = 3600 };
        var paths = new Agent42Paths(Workspace, ToolsDir, _root.Combine("data"));
        var services = new FakeToolServices(Workspace, Registry);
        var manager = new PluginManager(paths, plugins, Registry, services.Context, new Lazy<PluginCompiler>(() => new PluginCompiler(ToolsDir)),
            _clock, NullLogger<PluginManager>.Instance);
        _managers.Add(manager);
        return manager;
    }

    private static string Tool(string name, string output) => PluginHarness.Usings + PluginHarness.RawTool("T_" + name, name, $"\"{output}\"");

    private void WriteTool(string file, string source) => _root.Write(Path.Combine("custom_tools", file), source);

    private async Task<string> CallAsync(string tool) => (await Registry.ExecuteAsync(tool, NoArguments)).Content;
}
