using System.Text.Json;
using Agent42.Core.Configuration;
using Agent42.Core.Plugins;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Tools;
using Agent42.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agent42.Tests.Core.Plugins.Loading;

/// <summary>
/// A start whose images all come from the compile cache registers their tools from the cache entry and runs no
/// tool code; the first call activates the image under the load deadline. A constructor that now throws or hangs
/// fails that call with a clear result, and the host carries on. The deadline runs on a fake clock.
/// </summary>
public sealed class DeferredActivationTests : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    private static readonly JsonElement NoArguments = JsonDocument.Parse("{}").RootElement;
    private readonly TempDirectory _root = new();
    private readonly List<PluginManager> _managers = [];
    private readonly ArmedClock _clock = new(Deadline);

    // Its constructor asks the workspace how to behave, so that it loads when cached and misbehaves later.
    private const string Moody = """
        public sealed class Moody : Tool
        {
            private static int _constructed;
            public Moody(IWorkspaceSandbox workspace)
            {
                if (workspace.FileExists("hang")) { new TaskCompletionSource().Task.Wait(); }
                if (!workspace.FileExists("config.txt")) { throw new InvalidOperationException("config.txt is gone"); }
                _constructed++;
            }
            public override string Name => "moody";
            public override string Description => "Says how often it was built.";
            public override bool IsReadOnly => true;
            public override JsonElement Parameters { get; } = JsonDocument.Parse("{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\"}}}").RootElement;
            public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) =>
                Task.FromResult(ToolResult.Ok("constructed " + _constructed));
        }
        """;

    public DeferredActivationTests()
    {
        Directory.CreateDirectory(ToolsDir);
        Directory.CreateDirectory(Workspace);
        File.WriteAllText(Path.Combine(Workspace, "config.txt"), "x");
        _root.Write(Path.Combine("custom_tools", "moody.cs"), PluginHarness.Usings + Moody);
    }

    private string ToolsDir => _root.Combine("custom_tools");

    private string Workspace => _root.Combine("workspace");

    public async ValueTask DisposeAsync()
    {
        foreach (var manager in _managers)
        {
            await manager.DisposeAsync();
        }

        _root.Dispose();
    }

    [Test]
    public async Task CachedStart_RegistersFromTheCacheEntry_AndTheFirstCallActivates()
    {
        await CacheAsync();
        var (sut, registry) = CreateSut();

        var loaded = (await sut.LoadAllAsync(CancellationToken.None)).Single();
        var live = sut.LiveVersion(Path.Combine(ToolsDir, "moody.cs"))!;
        var registration = registry.Find("moody")!;

        Assert.Multiple(() =>
        {
            Assert.That(loaded.Kind, Is.EqualTo(PluginEventKind.Loaded));
            Assert.That(loaded.FromCache, Is.True);
            Assert.That(live.IsDeferred, Is.True);
            Assert.That(live.IsActivated, Is.False, "listing and validation ran no tool code");
            Assert.That(registration.Description, Is.EqualTo("Says how often it was built."));
            Assert.That(registration.Snapshot.IsReadOnly, Is.True);
            Assert.That(registration.Snapshot.Parameters.GetProperty("properties").GetProperty("x").GetProperty("type").GetString(), Is.EqualTo("string"));
        });

        var first = await registry.ExecuteAsync("moody", NoArguments);
        var second = await registry.ExecuteAsync("moody", NoArguments);
        Assert.Multiple(() =>
        {
            Assert.That(first.Success, Is.True, first.Content);
            Assert.That(live.IsActivated, Is.True);
            // One instance for both calls (the static counter sees the cache's first load in another context only).
            Assert.That(second.Content, Is.EqualTo(first.Content));
            Assert.That(first.Content, Is.EqualTo("constructed 1"));
        });
    }

    [Test]
    public async Task CachedStart_ConstructorThatNowThrows_FailsTheCallClearly_Once_AndTheHostGoesOn()
    {
        await CacheAsync();
        File.Delete(Path.Combine(Workspace, "config.txt"));
        var (sut, registry) = CreateSut();
        await sut.LoadAllAsync(CancellationToken.None);

        var first = await registry.ExecuteAsync("moody", NoArguments);
        File.WriteAllText(Path.Combine(Workspace, "config.txt"), "back");
        var again = await registry.ExecuteAsync("moody", NoArguments);
        var builtIn = await registry.ExecuteAsync("read_file", NoArguments);

        Assert.Multiple(() =>
        {
            Assert.That(first.Success, Is.False);
            Assert.That(first.Content, Does.Contain("moody.cs"));
            Assert.That(first.Content, Does.Contain(PluginDiagnosticCodes.ConstructorThrew));
            Assert.That(first.Content, Does.Contain("config.txt is gone"));
            Assert.That(again.Content, Is.EqualTo(first.Content), "the failure stays until the file is edited; no retry per call");
            Assert.That(builtIn.Content, Is.EqualTo("builtin"));
        });

        // The next edit loads the file afresh, eagerly.
        _root.Write(Path.Combine("custom_tools", "moody.cs"), PluginHarness.Usings + Moody + "\n// edited\n");
        var edited = await sut.ApplyAsync(Path.Combine(ToolsDir, "moody.cs"), 0, CancellationToken.None);
        Assert.That(edited?.Kind, Is.EqualTo(PluginEventKind.Updated));
        Assert.That((await registry.ExecuteAsync("moody", NoArguments)).Success, Is.True);
    }

    [Test]
    public async Task CachedStart_ConstructorThatNowHangs_IsBoundedByTheLoadDeadline_AtTheFirstCall()
    {
        await CacheAsync();
        var (sut, registry) = CreateSut();
        await sut.LoadAllAsync(CancellationToken.None);
        File.WriteAllText(Path.Combine(Workspace, "hang"), "");

        var call = Task.Run(() => registry.ExecuteAsync("moody", NoArguments));
        // The caching start armed (and disposed) one deadline; the first call arms the next.
        await _clock.WaitForAsync(armed: 2, disposed: 1);
        _clock.Advance(Deadline);
        var result = await call;
        var again = await registry.ExecuteAsync("moody", NoArguments);

        Assert.Multiple(async () =>
        {
            Assert.That(result.Success, Is.False);
            Assert.That(result.Content, Does.Contain(PluginDiagnosticCodes.ActivationTimedOut));
            Assert.That(result.Content, Does.Contain("moody.cs"));
            Assert.That(again.Content, Is.EqualTo(result.Content));
            Assert.That((await registry.ExecuteAsync("read_file", NoArguments)).Content, Is.EqualTo("builtin"));
        });
    }

    [Test]
    public async Task CachedStart_ReplacingANeverActivatedVersion_UnloadsCleanly()
    {
        await CacheAsync();
        var (sut, registry) = CreateSut();
        await sut.LoadAllAsync(CancellationToken.None);
        var cached = sut.LiveVersion(Path.Combine(ToolsDir, "moody.cs"))!;

        _root.Write(Path.Combine("custom_tools", "moody.cs"), PluginHarness.Usings + Moody + "\n// edited\n");
        var edited = await sut.ApplyAsync(Path.Combine(ToolsDir, "moody.cs"), 0, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(edited?.Kind, Is.EqualTo(PluginEventKind.Updated));
            Assert.That(cached.IsUnloaded, Is.True);
            Assert.That(cached.IsActivated, Is.False);
            Assert.That(sut.LiveVersion(Path.Combine(ToolsDir, "moody.cs"))!.IsDeferred, Is.False, "an edit loads eagerly");
            Assert.That((await registry.ExecuteAsync("moody", NoArguments)).Success, Is.True);
        });
    }

    /// <summary>A first start compiles, activates eagerly and caches the image with its tools' snapshots.</summary>
    private async Task CacheAsync()
    {
        var (sut, registry) = CreateSut();
        var loaded = (await sut.LoadAllAsync(CancellationToken.None)).Single();
        Assert.That(loaded.FromCache, Is.False);
        Assert.That(sut.LiveVersion(Path.Combine(ToolsDir, "moody.cs"))!.IsDeferred, Is.False);
        Assert.That(registry.Find("moody"), Is.Not.Null);
        await sut.DisposeAsync(); // waits for the cache write
    }

    private (PluginManager Manager, ToolRegistry Registry) CreateSut()
    {
        var registry = new ToolRegistry([DelegateTool.Returning("read_file", "builtin")], new ToolOptions { ToolTimeoutSeconds = 60 },
            TimeProvider.System, NullLogger<ToolRegistry>.Instance);
        var plugins = new PluginOptions { CacheEnabled = true, LoadTimeoutSeconds = (int)Deadline.TotalSeconds, DebounceMs = 50, RescanSeconds = 3600 };
        var paths = new Agent42Paths(Workspace, ToolsDir, _root.Combine("data"));
        var services = new FakeToolServices(Workspace, registry);
        var manager = new PluginManager(paths, plugins, registry, services.Context, new Lazy<PluginCompiler>(() => new PluginCompiler(ToolsDir)),
            _clock, NullLogger<PluginManager>.Instance);
        _managers.Add(manager);
        return (manager, registry);
    }
}
