using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

/// <summary>The separate-process runner the multi-process tests build on starts the real agent42.</summary>
[TestFixture]
internal sealed class Agent42ProcessTests
{
    [Test]
    public async Task ToolsList_RunsInAProcessOfItsOwn()
    {
        using var temp = new TempDirectory();

        var outcome = await Agent42Process.RunAsync(temp.Path, "tools", "list");

        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        Assert.That(outcome.Out, Does.Contain("read_file"));
    }
}
