using System.Text.Json;
using Agent42.Core.Configuration;
using Agent42.Core.Tools;
using Agent42.Sdk;
using Agent42.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Tools;

public sealed class ToolRegistryTests
{
    private static readonly JsonElement NoArguments = JsonDocument.Parse("{}").RootElement;
    private readonly FakeTimeProvider _time = new();
    private readonly TestLogger<ToolRegistry> _logger = new();

    private ToolRegistry CreateSut(params Tool[] builtIns) =>
        new(builtIns, new ToolOptions { ToolTimeoutSeconds = 60 }, _time, _logger);

    [Test]
    public async Task ExecuteAsync_WithUnknownTool_FailsNamingItAndTheAvailableTools()
    {
        var sut = CreateSut(DelegateTool.Returning("alpha", "a"), DelegateTool.Returning("beta", "b"));

        var result = await sut.ExecuteAsync("gamma", NoArguments);

        Assert.Multiple(() =>
        {
            Assert.That(result.Success, Is.False);
            Assert.That(result.Error, Is.EqualTo("Unknown tool 'gamma'. Available tools: alpha, beta"));
        });
    }

    [Test]
    public async Task ExecuteAsync_WhenToolThrows_ReturnsFailureNamingToolAndException()
    {
        var sut = CreateSut(new DelegateTool("boom", (_, _) => throw new InvalidOperationException("disk on fire")));

        var result = await sut.ExecuteAsync("boom", NoArguments);

        Assert.Multiple(() =>
        {
            Assert.That(result.Success, Is.False);
            Assert.That(result.Error, Is.EqualTo("Tool 'boom' failed: InvalidOperationException: disk on fire"));
            Assert.That(_logger.Entries.Any(e => e.Exception is InvalidOperationException), Is.True, "the exception is logged with its stack");
        });
    }

    [Test]
    public async Task ExecuteAsync_WhenToolThrowsAsynchronously_ReturnsFailure()
    {
        var sut = CreateSut(new DelegateTool("later", async (_, ct) =>
        {
            await Task.Yield();
            throw new FormatException("bad data");
        }));

        var result = await sut.ExecuteAsync("later", NoArguments);

        Assert.That(result.Error, Is.EqualTo("Tool 'later' failed: FormatException: bad data"));
    }

    [Test]
    public async Task ExecuteAsync_WhenToolThrowsSandboxViolation_ReportsTheRefusal()
    {
        var sut = CreateSut(new DelegateTool("peek", (_, _) => throw new SandboxViolationException("../x", "leads outside the workspace by '..'")));

        var result = await sut.ExecuteAsync("peek", NoArguments);

        Assert.That(result.Error, Is.EqualTo("Tool 'peek' refused: Sandbox violation: '../x' leads outside the workspace by '..'"));
    }

    [Test]
    public async Task ExecuteAsync_WhenToolHangsIgnoringCancellation_TimesOutAfterTheConfiguredTime()
    {
        var never = new TaskCompletionSource<ToolResult>();
        var sut = CreateSut(new DelegateTool("hang", (_, _) => never.Task));

        var call = sut.ExecuteAsync("hang", NoArguments);
        _time.Advance(TimeSpan.FromSeconds(59));
        await Task.Yield();
        Assert.That(call.IsCompleted, Is.False, "still within the time-out");
        var result = await AdvanceUntilDone(call);

        Assert.That(result.Error, Is.EqualTo("Tool 'hang' timed out after 60 s"));
    }

    [Test]
    public async Task ExecuteAsync_WhenToolHonoursCancellation_TimesOutAndTheToolSeesTheCancellation()
    {
        var sawCancellation = new TaskCompletionSource();
        var sut = CreateSut(new DelegateTool("polite", async (_, ct) =>
        {
            using var registration = ct.Register(() => sawCancellation.TrySetResult());
            await Task.Delay(Timeout.Infinite, ct);
            return ToolResult.Ok("unreachable");
        }));

        var result = await AdvanceUntilDone(sut.ExecuteAsync("polite", NoArguments));

        Assert.That(result.Error, Is.EqualTo("Tool 'polite' timed out after 60 s"));
        await sawCancellation.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task ExecuteAsync_WhenToolBlocksItsThread_StillReturns()
    {
        using var release = new ManualResetEventSlim();
        var sut = CreateSut(new DelegateTool("block", (_, _) =>
        {
            release.Wait(TimeSpan.FromSeconds(30));
            return Task.FromResult(ToolResult.Ok("late"));
        }));

        try
        {
            var result = await AdvanceUntilDone(sut.ExecuteAsync("block", NoArguments));
            Assert.That(result.Error, Is.EqualTo("Tool 'block' timed out after 60 s"));
        }
        finally
        {
            release.Set();
        }
    }

    [Test]
    public async Task ExecuteAsync_WhenCallerCancels_ReportsCancelled()
    {
        var sut = CreateSut(new DelegateTool("wait", async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return ToolResult.Ok("unreachable");
        }));
        using var cts = new CancellationTokenSource();

        var call = sut.ExecuteAsync("wait", NoArguments, cts.Token);
        await cts.CancelAsync();
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(result.Error, Is.EqualTo("Tool 'wait' was cancelled"));
    }

    [Test]
    public async Task ExecuteAsync_WhenCallerCancelsARunningCall_TheToolsTokenFires()
    {
        // The MCP server's notifications/cancelled: the caller's token fires while the tool waits on its own.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sawCancellation = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sut = CreateSut(new DelegateTool("wait", async (_, ct) =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                sawCancellation.TrySetResult();
            }

            return ToolResult.Ok("cancelled");
        }));
        using var cts = new CancellationTokenSource();

        var call = sut.ExecuteAsync("wait", NoArguments, cts.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        cts.Cancel();
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(result.Error, Is.EqualTo("Tool 'wait' was cancelled"));
        Assert.That(await Task.WhenAny(sawCancellation.Task, Task.Delay(TimeSpan.FromSeconds(10))), Is.SameAs(sawCancellation.Task),
            "the tool's token fired, not only the caller's wait");
    }

    [Test]
    public async Task ExecuteAsync_WhenToolReturnsNull_Fails()
    {
        var sut = CreateSut(new DelegateTool("nothing", (_, _) => Task.FromResult<ToolResult>(null!)));

        var result = await sut.ExecuteAsync("nothing", NoArguments);

        Assert.That(result.Error, Is.EqualTo("Tool 'nothing' returned no result"));
    }

    [Test]
    public void Constructor_WithTwoBuiltInsOfTheSameName_Throws()
    {
        Assert.That(() => CreateSut(DelegateTool.Returning("same", "1"), DelegateTool.Returning("same", "2")),
            Throws.InvalidOperationException.With.Message.Contains("'same'"));
    }

    [Test]
    public void ReplaceFileTools_AddsUpdatesAndRemovesAsOneChange()
    {
        var sut = CreateSut();
        sut.ReplaceFileTools("/t/a.cs", [DelegateTool.Returning("one", "1"), DelegateTool.Returning("two", "2")]);

        var change = sut.ReplaceFileTools("/t/a.cs", [DelegateTool.Returning("two", "2b"), DelegateTool.Returning("three", "3")]);

        Assert.Multiple(() =>
        {
            Assert.That(change.Added, Is.EqualTo(new[] { "three" }));
            Assert.That(change.Updated, Is.EqualTo(new[] { "two" }));
            Assert.That(change.Removed, Is.EqualTo(new[] { "one" }));
            Assert.That(change.Rejected, Is.Empty);
            Assert.That(sut.List().Select(t => t.Name), Is.EqualTo(new[] { "three", "two" }));
            Assert.That(sut.Find("two")!.FilePath, Is.EqualTo("/t/a.cs"));
            Assert.That(sut.Find("two")!.Source, Is.EqualTo(ToolSource.Plugin));
        });
    }

    [Test]
    public void ReplaceFileTools_NeverReplacesABuiltIn()
    {
        var builtIn = DelegateTool.Returning("read_file", "builtin");
        var sut = CreateSut(builtIn);

        var change = sut.ReplaceFileTools("/t/evil.cs", [DelegateTool.Returning("read_file", "plugin")]);

        Assert.Multiple(() =>
        {
            Assert.That(change.Rejected.Single().Reason, Is.EqualTo("'read_file' is the name of a built-in tool, which plugins cannot replace"));
            Assert.That(sut.Find("read_file")!.Tool, Is.SameAs(builtIn));
            Assert.That(sut.IsBuiltIn("read_file"), Is.True);
        });
    }

    [Test]
    public void ReplaceFileTools_WhenAnotherFileHasTheName_FirstFileKeepsItAndTheRejectionNamesIt()
    {
        var sut = CreateSut();
        sut.ReplaceFileTools("/t/first.cs", [DelegateTool.Returning("shared", "first")]);

        var change = sut.ReplaceFileTools("/t/second.cs", [DelegateTool.Returning("shared", "second"), DelegateTool.Returning("own", "x")]);

        Assert.Multiple(() =>
        {
            Assert.That(change.Rejected.Single().Reason, Is.EqualTo("'shared' is already provided by /t/first.cs"));
            Assert.That(change.Added, Is.EqualTo(new[] { "own" }));
            Assert.That(sut.Find("shared")!.FilePath, Is.EqualTo("/t/first.cs"));
        });
    }

    [Test]
    public void ReplaceFileTools_WithTheSameNameTwiceInOneFile_KeepsTheFirst()
    {
        var sut = CreateSut();
        var first = DelegateTool.Returning("dup", "1");

        var change = sut.ReplaceFileTools("/t/a.cs", [first, DelegateTool.Returning("dup", "2")]);

        Assert.Multiple(() =>
        {
            Assert.That(change.Rejected.Single().Reason, Is.EqualTo("'dup' is defined twice in /t/a.cs"));
            Assert.That(sut.Find("dup")!.Tool, Is.SameAs(first));
        });
    }

    [Test]
    public void ReplaceFileTools_WhenEveryNewToolCollidesAndAskedToKeep_LeavesTheLastGoodToolsLive()
    {
        var sut = CreateSut(DelegateTool.Returning("shell", "builtin"));
        var good = DelegateTool.Returning("mine", "good");
        sut.ReplaceFileTools("/t/a.cs", [good]);

        var change = sut.ReplaceFileTools("/t/a.cs", [DelegateTool.Returning("shell", "bad")], keepPreviousIfNoneAccepted: true);

        Assert.Multiple(() =>
        {
            Assert.That(change.Rejected.Single().Name, Is.EqualTo("shell"));
            Assert.That(change.Removed, Is.Empty);
            Assert.That(sut.Find("mine")!.Tool, Is.SameAs(good));
        });
    }

    [Test]
    public void RemoveFileTools_RemovesOnlyThatFilesTools_AndRaisesChanged()
    {
        var sut = CreateSut(DelegateTool.Returning("builtin", "b"));
        sut.ReplaceFileTools("/t/a.cs", [DelegateTool.Returning("a1", "1")]);
        sut.ReplaceFileTools("/t/b.cs", [DelegateTool.Returning("b1", "1")]);
        var changes = new List<ToolSetChange>();
        sut.Changed += (_, change) => changes.Add(change);

        sut.RemoveFileTools("/t/a.cs");

        Assert.Multiple(() =>
        {
            Assert.That(sut.List().Select(t => t.Name), Is.EqualTo(new[] { "b1", "builtin" }));
            Assert.That(changes.Single().Removed, Is.EqualTo(new[] { "a1" }));
            Assert.That(changes.Single().FilePath, Is.EqualTo("/t/a.cs"));
        });
    }

    [Test]
    public async Task ReplaceFileTools_WhileACallIsInFlight_TheCallFinishesOnTheOldInstance()
    {
        var gate = new TaskCompletionSource();
        var sut = CreateSut();
        sut.ReplaceFileTools("/t/a.cs", [new DelegateTool("work", async (_, _) =>
        {
            await gate.Task;
            return ToolResult.Ok("old");
        })]);

        var inFlight = sut.ExecuteAsync("work", NoArguments);
        sut.ReplaceFileTools("/t/a.cs", [DelegateTool.Returning("work", "new")]);
        var afterSwap = await sut.ExecuteAsync("work", NoArguments);
        gate.SetResult();

        Assert.Multiple(async () =>
        {
            Assert.That((await inFlight).Output, Is.EqualTo("old"));
            Assert.That(afterSwap.Output, Is.EqualTo("new"));
        });
    }

    [Test]
    public async Task ReplaceFileTools_ReportsTheReplacedRegistrations_WhichBecomeIdleWhenTheirCallsReturn()
    {
        var gate = new TaskCompletionSource<ToolResult>();
        var sut = CreateSut();
        sut.ReplaceFileTools("/t/a.cs", [new DelegateTool("work", (_, _) => gate.Task)]);
        var call = sut.ExecuteAsync("work", NoArguments);

        var change = sut.ReplaceFileTools("/t/a.cs", [DelegateTool.Returning("work", "new")]);
        var idle = change.WhenReplacedIdleAsync();
        var idleBeforeReturn = idle.IsCompleted;
        gate.SetResult(ToolResult.Ok("old"));
        await call;
        await idle.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(change.Replaced.Single().Name, Is.EqualTo("work"));
            Assert.That(idleBeforeReturn, Is.False);
            Assert.That(change.Replaced.Single().Calls.Running, Is.Zero);
        });
    }

    [Test]
    public async Task ReplaceFileTools_ReadersNeverSeeAHalfReplacedSet()
    {
        var sut = CreateSut();
        Tool[] setA = [DelegateTool.Returning("a_one", "1"), DelegateTool.Returning("a_two", "2")];
        Tool[] setB = [DelegateTool.Returning("b_one", "1"), DelegateTool.Returning("b_two", "2")];
        sut.ReplaceFileTools("/t/swap.cs", setA);
        using var stop = new CancellationTokenSource();
        var torn = 0;

        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var names = sut.List().Select(t => t.Name).ToArray();
                if (names.Length != 2 || names[0][0] != names[1][0])
                {
                    Interlocked.Increment(ref torn);
                }
            }
        });
        for (var i = 0; i < 2000; i++)
        {
            sut.ReplaceFileTools("/t/swap.cs", i % 2 == 0 ? setB : setA);
        }

        await stop.CancelAsync();
        await reader;

        Assert.That(torn, Is.Zero);
    }

    private async Task<ToolResult> AdvanceUntilDone(Task<ToolResult> call)
    {
        // The time-out timer is created on the fake clock when the call starts; keep moving the clock until it fires.
        for (var i = 0; i < 2000 && !call.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(61));
            await Task.Delay(1);
        }

        return await call.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
