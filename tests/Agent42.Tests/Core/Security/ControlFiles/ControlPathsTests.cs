using Agent42.Core.Configuration;
using Agent42.Core.Security.ControlFiles;

namespace Agent42.Tests.Core.Security.ControlFiles;

public sealed class ControlPathsTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("a42-control-");

    public void Dispose() => _root.Delete(recursive: true);

    private ControlPaths Build(ControlPathsOptions? options = null, string? workspace = null)
    {
        var ws = workspace ?? _root.FullName;
        var paths = new Agent42Paths(ws, Path.Combine(_root.FullName, "custom_tools"), Path.Combine(_root.FullName, "data"));
        return ControlPaths.For(paths, _root.FullName, options ?? new ControlPathsOptions());
    }

    [Test]
    public void DefaultLayout_RefusesEnvAndStateBothWays_AndToolsAndMcpConfigForWritesOnly()
    {
        var control = Build();
        var env = Path.Combine(_root.FullName, ".env");
        var outcomes = Path.Combine(_root.FullName, "data", "outcomes.jsonl");
        var tool = Path.Combine(_root.FullName, "custom_tools", "evil.cs");
        var mcp = Path.Combine(_root.FullName, ".mcp.json");

        Assert.That(control.RefuseRead(env, ".env"), Does.Contain("own-secrets"));
        Assert.That(control.RefuseWrite(env, ".env"), Does.Contain("AGENT42_AGENT_OWN_FILES=true"));
        Assert.That(control.RefuseRead(outcomes, "data/outcomes.jsonl"), Does.Contain("own-state"));
        Assert.That(control.RefuseRead(tool, "custom_tools/evil.cs"), Is.Null);
        Assert.That(control.RefuseWrite(tool, "custom_tools/evil.cs"), Does.Contain("AGENT42_AGENT_WRITES_TOOLS=true"));
        Assert.That(control.RefuseRead(mcp, ".mcp.json"), Is.Null);
        Assert.That(control.RefuseWrite(mcp, ".mcp.json"), Does.Contain("own-config"));
        Assert.That(control.RefuseWrite(Path.Combine(_root.FullName, "src", "a.cs"), "src/a.cs"), Is.Null);
        Assert.That(control.RefuseWrite(Path.Combine(_root.FullName, "database", "x"), "database/x"), Is.Null);
    }

    [Test]
    public void WorkspaceElsewhere_ItsEnvIsProtectedToo()
    {
        var workspace = _root.CreateSubdirectory("ws").FullName;
        var control = Build(workspace: workspace);

        Assert.That(control.RefuseRead(Path.Combine(workspace, ".env"), ".env"), Is.Not.Null);
        Assert.That(control.RefuseWrite(Path.Combine(workspace, ".mcp.json"), ".mcp.json"), Is.Not.Null);
    }

    [Test]
    public void OptIns_LiftOnlyTheirOwnRules()
    {
        var writesTools = Build(new ControlPathsOptions { AgentWritesTools = true });
        Assert.That(writesTools.RefuseWrite(Path.Combine(_root.FullName, "custom_tools", "new.cs"), "x"), Is.Null);
        Assert.That(writesTools.RefuseRead(Path.Combine(_root.FullName, ".env"), "x"), Is.Not.Null);

        var ownFiles = Build(new ControlPathsOptions { AgentOwnFiles = true });
        Assert.That(ownFiles.RefuseRead(Path.Combine(_root.FullName, ".env"), "x"), Is.Null);
        Assert.That(ownFiles.RefuseWrite(Path.Combine(_root.FullName, "custom_tools", "new.cs"), "x"), Is.Not.Null);
    }

    [Test]
    public void NamedMcpConfig_IsTheOneProtected()
    {
        var named = Path.Combine(_root.FullName, "conf", "servers.json");
        var control = Build(new ControlPathsOptions { McpConfig = named });

        Assert.That(control.McpConfigFile, Is.EqualTo(named));
        Assert.That(control.RefuseWrite(named, "conf/servers.json"), Is.Not.Null);
    }

    [Test]
    public void DataDirectoryReachedThroughALink_IsStillRecognised()
    {
        var real = _root.CreateSubdirectory("real-data");
        Directory.CreateSymbolicLink(Path.Combine(_root.FullName, "data"), real.FullName);
        var control = Build();

        Assert.That(control.RefuseRead(Path.Combine(real.FullName, "outcomes.jsonl"), "real-data/outcomes.jsonl"), Is.Not.Null);
    }
}
