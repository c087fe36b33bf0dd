using Agent42.Core.Security.Sandbox;

namespace Agent42.Tests.Core.Security.Sandbox;

/// <summary>Bubblewrap applies its arguments in order, so the order is what these tests pin.</summary>
[TestFixture]
internal sealed class BwrapArgumentsTests
{
    private static BwrapPlan Plan(
        IReadOnlyList<string>? readOnly = null,
        IReadOnlyList<string>? hiddenFiles = null,
        IReadOnlyList<string>? hiddenDirectories = null,
        bool network = false,
        bool asRoot = false) =>
        new("/tmp/ws", readOnly ?? [], hiddenFiles ?? [], hiddenDirectories ?? [],
            new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["LANG"] = "C.UTF-8" }, network, asRoot);

    private static List<string> Build(BwrapPlan plan) => BwrapArguments.Build(plan, ["/bin/sh", "-c", "ls"]).ToList();

    [Test]
    public void Build_MountsTheReadOnlyRootThenPrivateTmpThenTheWritableWorkspace()
    {
        var args = Build(Plan());

        var root = IndexOf(args, "--ro-bind", "/", "/");
        var dev = IndexOf(args, "--dev", "/dev");
        var proc = IndexOf(args, "--proc", "/proc");
        var tmp = IndexOf(args, "--tmpfs", "/tmp");
        var workspace = IndexOf(args, "--bind", "/tmp/ws", "/tmp/ws");
        Assert.That(new[] { root, dev, proc, tmp, workspace }, Is.All.GreaterThanOrEqualTo(0));
        Assert.That(new[] { root, dev, proc, tmp, workspace }, Is.Ordered.Ascending, "the workspace may lie under /tmp, so it is bound after the tmpfs");
    }

    [Test]
    public void Build_HidesAndProtectsPathsAfterTheWorkspace_OuterBeforeInner()
    {
        var args = Build(Plan(
            readOnly: ["/tmp/ws/custom_tools"],
            hiddenFiles: ["/tmp/ws/.env"],
            hiddenDirectories: ["/tmp/ws/data/inner", "/tmp/ws/data"]));

        var workspace = IndexOf(args, "--bind", "/tmp/ws", "/tmp/ws");
        var tools = IndexOf(args, "--ro-bind", "/tmp/ws/custom_tools", "/tmp/ws/custom_tools");
        var env = IndexOf(args, "--ro-bind", "/dev/null", "/tmp/ws/.env");
        var data = IndexOf(args, "--tmpfs", "/tmp/ws/data");
        var inner = IndexOf(args, "--tmpfs", "/tmp/ws/data/inner");
        Assert.That(new[] { workspace, tools, env, data, inner }, Is.All.GreaterThanOrEqualTo(0));
        Assert.That(new[] { workspace, tools, env, data, inner }, Is.Ordered.Ascending);
        Assert.That(IndexOf(args, "--tmpfs", "/tmp/ws/data", "--remount-ro", "/tmp/ws/data"), Is.EqualTo(data), "a hidden directory is read-only too");
    }

    [Test]
    public void Build_ClearsTheEnvironmentThenSetsOnlyThePlansVariables()
    {
        var args = Build(Plan());

        var clear = args.IndexOf("--clearenv");
        Assert.Multiple(() =>
        {
            Assert.That(clear, Is.GreaterThanOrEqualTo(0));
            Assert.That(IndexOf(args, "--setenv", "LANG", "C.UTF-8"), Is.GreaterThan(clear));
            Assert.That(IndexOf(args, "--setenv", "PATH", "/usr/bin:/bin"), Is.GreaterThan(clear));
            Assert.That(args.Count(a => a == "--setenv"), Is.EqualTo(2));
        });
    }

    [Test]
    public void Build_EndsWithTheWorkingDirectoryAndTheCommandAfterDoubleDash()
    {
        var args = Build(Plan());

        Assert.That(args[^6..], Is.EqualTo(new[] { "--chdir", "/tmp/ws", "--", "/bin/sh", "-c", "ls" }));
    }

    [Test]
    public void Build_IsolatesTheCommand()
    {
        var args = Build(Plan());

        Assert.Multiple(() =>
        {
            foreach (var flag in new[] { "--unshare-user", "--disable-userns", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-net", "--new-session", "--die-with-parent" })
            {
                Assert.That(args, Does.Contain(flag));
            }

            Assert.That(IndexOf(args, "--cap-drop", "ALL"), Is.GreaterThanOrEqualTo(0));
            Assert.That(args, Does.Not.Contain("--uid"), "an unprivileged user keeps its own id");
        });
    }

    [Test]
    public void Build_WithNetworkOn_SharesTheNetwork()
    {
        Assert.That(Build(Plan(network: true)), Does.Not.Contain("--unshare-net"));
    }

    [Test]
    public void Build_AsRoot_RunsTheCommandAsNobody()
    {
        var args = Build(Plan(asRoot: true));

        Assert.Multiple(() =>
        {
            Assert.That(IndexOf(args, "--uid", "65534"), Is.GreaterThan(args.IndexOf("--unshare-user")));
            Assert.That(IndexOf(args, "--gid", "65534"), Is.GreaterThan(args.IndexOf("--unshare-user")));
        });
    }

    // Where the run of arguments starts, or -1.
    private static int IndexOf(List<string> args, params string[] run)
    {
        for (var i = 0; i + run.Length <= args.Count; i++)
        {
            if (args.Skip(i).Take(run.Length).SequenceEqual(run))
            {
                return i;
            }
        }

        return -1;
    }
}
