using Agent42.Core.Configuration;
using Agent42.Core.Hosting;
using Agent42.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Agent42.Tests.Core.Configuration;

[TestFixture]
internal sealed class Agent42SettingsTests
{
    [Test]
    public void Load_WhenNothingIsSet_UsesTheCurrentDirectoryAndDefaultSubdirectories()
    {
        using var temp = new TempDirectory();

        var settings = Agent42Settings.Load(Configuration(), temp.Path);

        Assert.That(settings.Workspace, Is.EqualTo(temp.Path));
        Assert.That(settings.DataDirectory, Is.EqualTo(temp.Combine("data")));
        Assert.That(settings.ToolsDirectory, Is.EqualTo(temp.Combine("custom_tools")));
        Assert.That(settings.CommandFilter.IsAllowListMode, Is.False);
    }

    [Test]
    public void Load_WhenDirectoriesAreRelative_ResolvesThemAgainstTheCurrentDirectory()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("project"));

        var settings = Agent42Settings.Load(Configuration(
            ("AGENT42_WORKSPACE", "project"),
            ("AGENT42_DATA_DIR", "state/agent42"),
            ("CUSTOM_TOOLS_DIR", "../tools")), temp.Path);

        Assert.That(settings.Workspace, Is.EqualTo(temp.Combine("project")));
        Assert.That(settings.DataDirectory, Is.EqualTo(temp.Combine("state", "agent42")));
        Assert.That(settings.ToolsDirectory, Is.EqualTo(Path.GetFullPath(Path.Combine(temp.Path, "..", "tools"))));
    }

    [Test]
    public void Load_WhenDirectoriesAreAbsolute_KeepsThem()
    {
        using var temp = new TempDirectory();
        var workspace = Directory.CreateDirectory(temp.Combine("ws")).FullName;
        var current = Directory.CreateDirectory(temp.Combine("elsewhere")).FullName;

        var settings = Agent42Settings.Load(Configuration(
            ("AGENT42_WORKSPACE", workspace),
            ("AGENT42_DATA_DIR", temp.Combine("data"))), current);

        Assert.That(settings.Workspace, Is.EqualTo(workspace));
        Assert.That(settings.DataDirectory, Is.EqualTo(temp.Combine("data")));
    }

    [Test]
    public void Load_WhenTheWorkspaceDoesNotExist_ThrowsNamingTheVariableAndTheFullPath()
    {
        using var temp = new TempDirectory();

        Assert.That(() => Agent42Settings.Load(Configuration(("AGENT42_WORKSPACE", "missing")), temp.Path),
            Throws.TypeOf<ConfigurationException>().With.Message.EqualTo(
                $"AGENT42_WORKSPACE: the directory '{temp.Combine("missing")}' does not exist"));
    }

    [Test]
    public void Load_WhenAValueIsBad_ThrowsTheOptionsLoadersMessage()
    {
        using var temp = new TempDirectory();

        Assert.That(() => Agent42Settings.Load(Configuration(("TOOL_TIMEOUT_SECONDS", "abc")), temp.Path),
            Throws.TypeOf<ConfigurationException>().With.Message.EqualTo(
                "TOOL_TIMEOUT_SECONDS must be a whole number from 1 to 86400; got 'abc'"));
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] pairs) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)))
            .Build();
}
