using Agent42.Core.Configuration;
using Agent42.Core.Security.ControlFiles;
using Agent42.Core.Security.Sandbox;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Security.Sandbox;

/// <summary>Which bound unix sockets a plan covers; the paths are plain files, as the planner only asks that they exist.</summary>
[TestFixture]
internal sealed class BwrapPlannerTests
{
    private TempDirectory _workspace = null!;
    private DirectoryInfo _outside = null!;

    [SetUp]
    public void CreateDirectories()
    {
        _workspace = new TempDirectory();
        // Outside /tmp, which the sandbox replaces anyway.
        _outside = Directory.CreateDirectory(Path.Combine("/var/tmp", "agent42-planner-" + Guid.NewGuid().ToString("N")[..12]));
    }

    [TearDown]
    public void DeleteDirectories()
    {
        _workspace.Dispose();
        _outside.Delete(recursive: true);
    }

    private BwrapPlan Plan(params string[] sockets)
    {
        var paths = new Agent42Paths(_workspace.Path, _workspace.Combine("custom_tools"), _workspace.Combine("data"));
        var controlPaths = ControlPaths.For(paths, _workspace.Path, new ControlPathsOptions());
        var planner = new BwrapPlanner(controlPaths, _workspace.Path, _outside.FullName, network: false, () => sockets);
        return planner.Plan(new Dictionary<string, string>(), new List<string>());
    }

    // The workspace's absent control paths get placeholders of their own; these tests look at the sockets.
    private List<string> HiddenOutside(BwrapPlan plan) =>
        plan.HiddenFiles.Where(path => BwrapPlanner.IsUnder(path, _outside.FullName)).ToList();

    private string Outside(string relative)
    {
        var full = Path.Combine(_outside.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, string.Empty);
        return full;
    }

    [Test]
    public void Plan_CoversASocketOutsideTheWorkspace()
    {
        var socket = Outside("run/docker.sock");

        Assert.That(Plan(socket).HiddenFiles, Does.Contain(socket));
    }

    [Test]
    public void Plan_LeavesTheWorkspacesAndTheFreshMountsSocketsAlone()
    {
        var inWorkspace = _workspace.Write("app.sock", string.Empty);

        var inHostTmp = "/tmp/agent42-planner-" + Guid.NewGuid().ToString("N")[..12] + ".sock";
        File.WriteAllText(inHostTmp, string.Empty);
        try
        {
            string[] sockets = [inWorkspace, inHostTmp, "/dev/null", "/proc/self/status"];

            Assert.That(Plan(sockets).HiddenFiles, Has.None.AnyOf(sockets));
        }
        finally
        {
            File.Delete(inHostTmp);
        }
    }

    [Test]
    public void Plan_SkipsASocketThatIsGoneOrUnderAHiddenDirectory()
    {
        var agent = Outside(".gnupg/S.gpg-agent");

        var plan = Plan(agent, Path.Combine(_outside.FullName, "gone.sock"));

        Assert.Multiple(() =>
        {
            Assert.That(plan.HiddenDirectories, Does.Contain(Path.Combine(_outside.FullName, ".gnupg")), "the secret home is hidden whole");
            Assert.That(HiddenOutside(plan), Is.Empty);
        });
    }

    [Test]
    public void Plan_CoversASocketAtItsRealPath_OnceWhateverTheLinkItWasBoundThrough()
    {
        var socket = Outside("run/x.sock");
        var link = Path.Combine(_outside.FullName, "var-run");
        Directory.CreateSymbolicLink(link, Path.Combine(_outside.FullName, "run"));

        var plan = Plan(Path.Combine(link, "x.sock"), socket);

        Assert.That(HiddenOutside(plan), Is.EqualTo(new[] { socket }));
    }

    [Test]
    public void Plan_CoversADirectoryOfNothingButSocketsWithOneMount_AndAMixedOneSocketBySocket()
    {
        var shims = Enumerable.Range(0, 3).Select(i => Outside($"containerd/s/shim{i}")).ToArray();
        var mixed = new[] { Outside("user/bus"), Outside("user/gnupg-agent") };
        Outside("user/notes.txt");

        var plan = Plan([.. shims, .. mixed]);

        Assert.Multiple(() =>
        {
            Assert.That(plan.HiddenDirectories, Does.Contain(Path.Combine(_outside.FullName, "containerd/s")));
            Assert.That(HiddenOutside(plan), Is.EquivalentTo(mixed), "the plain file beside the sockets stays readable");
        });
    }
}
