using System.Text.Json;
using Agent42.Core.Agent.Approval;
using Agent42.Core.Tools;
using Agent42.Mcp;
using Agent42.Sdk;
using Agent42.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Server;

namespace Agent42.Tests.Mcp;

public sealed class RegistryToolCollectionTests
{
    private readonly ToolRegistry _registry = new([DelegateTool.Returning("builtin_one", "1")], new ToolOptions(), TimeProvider.System,
        NullLogger<ToolRegistry>.Instance);

    private RegistryToolCollection CreateSut() => new(_registry, ApprovalMode.Auto, NullLogger.Instance, CancellationToken.None);

    [Test]
    public void TheCollection_StartsWithTheRegistrysTools()
    {
        var sut = CreateSut();

        Assert.That(sut.Select(t => t.ProtocolTool.Name), Is.EquivalentTo(new[] { "builtin_one" }));
    }

    [Test]
    public async Task Notify_AfterAFileAddsUpdatesAndRemovesTools_TheListFollowsAndAnUpdateShowsItsNewDescription()
    {
        var sut = CreateSut();
        var rounds = new RoundCounter(sut);

        _registry.ReplaceFileTools("/t/a.cs", [DelegateTool.Returning("from_file", "v1")]);
        sut.Notify();
        await rounds.AtLeastAsync(1);
        Assert.That(sut.Select(t => t.ProtocolTool.Name), Is.EquivalentTo(new[] { "builtin_one", "from_file" }));

        _registry.ReplaceFileTools("/t/a.cs", [new DelegateTool("from_file", (_, _) => Task.FromResult(ToolResult.Ok("v2")), description: "second")]);
        sut.Notify();
        await rounds.AtLeastAsync(2);
        Assert.That(sut.Single(t => t.ProtocolTool.Name == "from_file").ProtocolTool.Description, Is.EqualTo("second"));

        _registry.RemoveFileTools("/t/a.cs");
        sut.Notify();
        await rounds.AtLeastAsync(3);
        Assert.That(sut.Select(t => t.ProtocolTool.Name), Is.EquivalentTo(new[] { "builtin_one" }));
    }

    [Test]
    public async Task Notify_ChangesThatComeWhileARoundIsOut_GoOutTogetherInOneMoreRound()
    {
        var sut = CreateSut();
        using var firstRoundHeld = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var rounds = 0;
        sut.Changed += (_, _) =>
        {
            if (Interlocked.Increment(ref rounds) == 1)
            {
                firstRoundHeld.Set();
                release.Wait(TimeSpan.FromSeconds(30));
            }
        };

        sut.Notify();
        Assert.That(firstRoundHeld.Wait(TimeSpan.FromSeconds(30)), Is.True);
        for (var i = 0; i < 10; i++)
        {
            _registry.ReplaceFileTools($"/t/burst{i}.cs", [DelegateTool.Returning($"burst_{i}", "x")]);
            sut.Notify();
        }

        release.Set();
        Assert.That(await Poll.UntilAsync(() => sut.Count == 11 && Volatile.Read(ref rounds) == 2, TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(Volatile.Read(ref rounds), Is.EqualTo(2), "ten changes during the first round make one more round, not ten");
    }

    /// <summary>Counts the collection's Changed events (the SDK's cue to send list_changed).</summary>
    private sealed class RoundCounter
    {
        private int _rounds;

        public RoundCounter(McpServerPrimitiveCollection<McpServerTool> collection) =>
            collection.Changed += (_, _) => Interlocked.Increment(ref _rounds);

        public async Task AtLeastAsync(int rounds) =>
            Assert.That(await Poll.UntilAsync(() => Volatile.Read(ref _rounds) >= rounds, TimeSpan.FromSeconds(30)), Is.True);
    }
}
