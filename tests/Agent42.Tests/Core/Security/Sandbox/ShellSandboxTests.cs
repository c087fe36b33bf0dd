using System.Net;
using System.Net.Sockets;
using Agent42.Core.Configuration;
using Agent42.Core.Security;
using Agent42.Core.Security.ControlFiles;
using Agent42.Core.Security.Sandbox;
using Agent42.Core.Tools.BuiltIn;
using Agent42.Sdk;
using Agent42.Tests.Core.Tools.BuiltIn;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Security.Sandbox;

/// <summary>
/// Each property of the shell's OS sandbox, proven from inside a real bubblewrap by a command run through the shell
/// tool. Skipped where bubblewrap cannot run, unless AGENT42_TEST_REQUIRE_BWRAP=1.
/// </summary>
public sealed class ShellSandboxTests : BuiltInToolFixture
{
    private const string Key = "sk-or-v1-sandbox-test-secret";

    // Outside /tmp, which the sandbox replaces anyway, so a hidden path there is hidden by its own mount.
    private readonly DirectoryInfo _home = Directory.CreateDirectory(Path.Combine("/var/tmp", "agent42-home-" + Guid.NewGuid().ToString("N")[..12]));

    [TearDown]
    public void DeleteHome() => _home.Delete(recursive: true);

    private async Task<ShellTool> CreateSutAsync(ShellSandboxOptions? options = null)
    {
        var paths = new Agent42Paths(Workspace.Path, Workspace.Combine("custom_tools"), Workspace.Combine("data"));
        var controlPaths = ControlPaths.For(paths, Workspace.Path, new ControlPathsOptions());
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH"),
            ["HOME"] = _home.FullName,
            ["LANG"] = "C.UTF-8",
            ["OPENROUTER_API_KEY"] = Key,
            ["GITHUB_TOKEN"] = "ghp-sandbox-test",
            ["AGENT42_WORKSPACE"] = Workspace.Path,
        };
        var sandbox = new ShellSandbox(
            options ?? new ShellSandboxOptions { Sandbox = "bwrap" }, controlPaths, Sandbox, new TestLogger<ShellSandbox>(), TimeProvider.System, environment);
        await RequireBwrap.OrSkipAsync(sandbox);
        return new ShellTool(new CommandFilter(new CommandFilterOptions(), Sandbox, controlPaths), sandbox, Options, TimeProvider.System);
    }

    private async Task<ToolResult> RunAsync(string command, ShellSandboxOptions? options = null) =>
        await CallAsync(await CreateSutAsync(options), new { command });

    [Test]
    public async Task Run_WritingOutsideTheWorkspace_FailsAndInsideWorks()
    {
        var outside = Path.Combine("/var/tmp", "agent42-outside-" + Guid.NewGuid().ToString("N")[..12]);

        var write = await RunAsync($"echo inside > inside.txt; echo outside > {outside}");

        var escaped = File.Exists(outside);
        File.Delete(outside);
        Assert.Multiple(() =>
        {
            Assert.That(escaped, Is.False, "the write outside the workspace landed");
            Assert.That(write.Output, Does.Contain("Read-only file system"));
            Assert.That(File.ReadAllText(Workspace.Combine("inside.txt")), Is.EqualTo("inside\n"));
        });
    }

    [Test]
    public async Task Run_SeesAPrivateTmp()
    {
        var hostFile = Path.Combine(Path.GetTempPath(), "agent42-host-" + Guid.NewGuid().ToString("N")[..12]);
        var innerFile = "/tmp/agent42-inner-" + Guid.NewGuid().ToString("N")[..12];
        File.WriteAllText(hostFile, "HOST-CONTENT");
        try
        {
            var result = await RunAsync($"cat {hostFile}; echo inner > {innerFile} && echo wrote");

            Assert.Multiple(() =>
            {
                Assert.That(result.Output, Does.Contain("No such file"));
                Assert.That(result.Output, Does.Not.Contain("HOST-CONTENT"));
                Assert.That(result.Output, Does.Contain("wrote"));
                Assert.That(File.Exists(innerFile), Is.False, "a file written to the sandbox's /tmp showed up on the host");
            });
        }
        finally
        {
            File.Delete(hostFile);
        }
    }

    [Test]
    public async Task Run_CannotReadDotEnvOrTheDataDirectory()
    {
        Workspace.Write(".env", $"OPENROUTER_API_KEY={Key}\n");
        Workspace.Write("data/outcomes.jsonl", "{\"model\":\"x\"}\n");

        var result = await RunAsync("cat .env; ls -A data; cat data/outcomes.jsonl; echo forged > data/outcomes.jsonl; echo end");

        Assert.Multiple(() =>
        {
            Assert.That(result.Output, Does.Not.Contain(Key));
            Assert.That(result.Output, Does.Not.Contain("outcomes.jsonl\n"));
            Assert.That(result.Output, Does.Contain("end"));
            Assert.That(File.ReadAllText(Workspace.Combine(".env")), Is.EqualTo($"OPENROUTER_API_KEY={Key}\n"));
            Assert.That(File.ReadAllText(Workspace.Combine("data/outcomes.jsonl")), Is.EqualTo("{\"model\":\"x\"}\n"));
        });
    }

    [Test]
    public async Task Run_CanReadButNotWriteTheToolsDirectory()
    {
        Workspace.Write("custom_tools/slugify.cs", "// a tool\n");

        var result = await RunAsync("cat custom_tools/slugify.cs; echo evil > custom_tools/evil.cs; echo x >> custom_tools/slugify.cs; echo end");

        Assert.Multiple(() =>
        {
            Assert.That(result.Output, Does.Contain("// a tool"));
            Assert.That(result.Output, Does.Contain("Read-only file system"));
            Assert.That(File.Exists(Workspace.Combine("custom_tools/evil.cs")), Is.False);
            Assert.That(File.ReadAllText(Workspace.Combine("custom_tools/slugify.cs")), Is.EqualTo("// a tool\n"));
        });
    }

    [Test]
    public async Task Run_CannotCreateAControlFileThatDoesNotExistYet_AndLeavesNoPlaceholderBehind()
    {
        var result = await RunAsync(
            "echo OPENROUTER_BASE_URL=http://evil.example > .env; echo '{}' > .mcp.json; mkdir -p custom_tools data; " +
            "echo evil > custom_tools/evil.cs; echo end");

        Assert.Multiple(() =>
        {
            Assert.That(result.Output, Does.Contain("end"));
            Assert.That(File.Exists(Workspace.Combine(".env")), Is.False, "a .env the next start would load was created");
            Assert.That(File.Exists(Workspace.Combine(".mcp.json")), Is.False);
            Assert.That(Directory.Exists(Workspace.Combine("custom_tools")), Is.False);
            Assert.That(Directory.Exists(Workspace.Combine("data")), Is.False);
        });
    }

    [Test]
    public async Task Run_CannotOverwriteReplaceMoveOrLinkAnExistingMcpJson()
    {
        const string original = "{\"mcpServers\": {}}";
        Workspace.Write(".mcp.json", original);
        Workspace.Write("evil.json", "{\"mcpServers\": {\"evil\": {\"command\": \"sh\"}}}");

        var result = await RunAsync(
            "echo x > .mcp.json; echo x >> .mcp.json; cp evil.json .mcp.json; mv -f evil.json .mcp.json; " +
            "mv .mcp.json moved.json; rm -f .mcp.json; ln .mcp.json hard.json && echo y >> hard.json; " +
            "ln -sf evil.json .mcp.json; sed -i s/mcpServers/x/ .mcp.json; echo end");

        Assert.Multiple(() =>
        {
            Assert.That(result.Output, Does.Contain("end"));
            Assert.That(File.ReadAllText(Workspace.Combine(".mcp.json")), Is.EqualTo(original));
            Assert.That(new FileInfo(Workspace.Combine(".mcp.json")).LinkTarget, Is.Null, "still the file, not a link");
            Assert.That(File.Exists(Workspace.Combine("moved.json")), Is.False);
        });
    }

    [Test]
    public async Task Run_CannotReadTheSecretHomes()
    {
        Directory.CreateDirectory(Path.Combine(_home.FullName, ".ssh"));
        File.WriteAllText(Path.Combine(_home.FullName, ".ssh", "id_ed25519"), "PRIVATE-KEY");
        File.WriteAllText(Path.Combine(_home.FullName, ".netrc"), "machine x password NETRC-SECRET");
        File.WriteAllText(Path.Combine(_home.FullName, "notes.txt"), "plain notes");

        var result = await RunAsync("cat ~/.ssh/id_ed25519; ls -A ~/.ssh; cat ~/.netrc; cat ~/notes.txt");

        Assert.Multiple(() =>
        {
            Assert.That(result.Output, Does.Not.Contain("PRIVATE-KEY"));
            Assert.That(result.Output, Does.Not.Contain("id_ed25519\n"));
            Assert.That(result.Output, Does.Not.Contain("NETRC-SECRET"));
            Assert.That(result.Output, Does.Contain("plain notes"), "the rest of the home stays readable");
        });
    }

    [Test]
    public async Task Run_ReachesNoLocalPort_UnlessShellNetworkIsOn()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        // In a script, so the filter (which refuses /dev/tcp on the command line) does not stop it first.
        Workspace.Write("connect.sh", $"echo hello > /dev/tcp/127.0.0.1/{port} && echo connected\n");

        var off = await RunAsync("bash connect.sh");
        var pendingAfterOff = listener.Pending();
        var on = await RunAsync("bash connect.sh", new ShellSandboxOptions { Sandbox = "bwrap", Network = "on" });

        Assert.Multiple(() =>
        {
            Assert.That(off.Success, Is.False);
            Assert.That(off.Output, Does.Not.Contain("connected"));
            Assert.That(pendingAfterOff, Is.False, "a connection from the sandbox reached the host's listener");
            Assert.That(on.Success, Is.True, on.Output);
            Assert.That(on.Output, Does.Contain("connected"));
            Assert.That(listener.Pending(), Is.True);
        });
    }

    // Two sockets alone in a directory are covered by one tmpfs over it; one socket by an empty device over it.
    [TestCase("off", 1)]
    [TestCase("on", 1)]
    [TestCase("off", 2)]
    public async Task Run_CannotConnectToAUnixSocketOutsideTheWorkspace(string network, int socketsInItsDirectory)
    {
        // Bound as a daemon binds /run/docker.sock: the read-only root alone lets connect() through.
        var directory = Directory.CreateDirectory(Path.Combine("/var/tmp", "agent42-sock-" + Guid.NewGuid().ToString("N")[..12]));
        try
        {
            using var listener = Listen(Path.Combine(directory.FullName, "daemon.sock"));
            using var other = socketsInItsDirectory > 1 ? Listen(Path.Combine(directory.FullName, "other.sock")) : null;

            var result = await ConnectAsync(Path.Combine(directory.FullName, "daemon.sock"), new ShellSandboxOptions { Sandbox = "bwrap", Network = network });

            Assert.Multiple(() =>
            {
                Assert.That(result.Output, Does.Contain("refused"));
                Assert.That(result.Output, Does.Not.Contain("connected"));
                Assert.That(listener.Poll(0, SelectMode.SelectRead), Is.False, "a connection from the sandbox reached the host's socket");
            });
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Run_ConnectsToAUnixSocketInTheWorkspace()
    {
        using var listener = Listen(Workspace.Combine("app.sock"));

        var result = await ConnectAsync(Workspace.Combine("app.sock"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Output, Does.Contain("connected"));
            Assert.That(listener.Poll(0, SelectMode.SelectRead), Is.True);
        });
    }

    [Test]
    public async Task Run_DotnetStillRuns()
    {
        var result = await RunAsync("dotnet --version");

        Assert.Multiple(() =>
        {
            Assert.That(result.Success, Is.True, result.Output);
            Assert.That(result.Output, Does.Match(@"\d+\.\d+\.\d+"));
        });
    }

    private static Socket Listen(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen();
        return socket;
    }

    // In a script, so the filter does not judge the inline code; skipped without python3, as the tool it needs.
    private async Task<ToolResult> ConnectAsync(string path, ShellSandboxOptions? options = null)
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            Assert.Ignore("python3 is needed to connect to a unix socket from inside the sandbox");
        }

        Workspace.Write("connect.py",
            "import socket, sys\n" +
            "s = socket.socket(socket.AF_UNIX)\n" +
            "try:\n" +
            "    s.connect(sys.argv[1])\n" +
            "    print('connected')\n" +
            "except OSError as e:\n" +
            "    print('refused', e)\n");
        return await RunAsync($"python3 connect.py '{path}'", options);
    }

    [Test]
    public async Task Run_GetsAScrubbedEnvironment()
    {
        var result = await RunAsync("env");

        Assert.Multiple(() =>
        {
            Assert.That(result.Output, Does.Not.Contain(Key));
            Assert.That(result.Output, Does.Not.Contain("OPENROUTER_"));
            Assert.That(result.Output, Does.Not.Contain("GITHUB_TOKEN"));
            Assert.That(result.Output, Does.Not.Contain("AGENT42_"));
            Assert.That(result.Output, Does.Contain("PATH="));
            Assert.That(result.Output, Does.Contain($"HOME={_home.FullName}"));
        });
    }

    [Test]
    public async Task Run_HasNoPrivilegesAndSeesOnlyItsOwnProcesses()
    {
        var result = await RunAsync("grep -E '^(NoNewPrivs|CapEff|CapBnd):' /proc/self/status; ls /proc | grep -c '^[0-9]'; id -u");

        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(result.Output, Does.Contain("NoNewPrivs:\t1"));
            Assert.That(result.Output, Does.Contain("CapEff:\t0000000000000000"));
            Assert.That(result.Output, Does.Contain("CapBnd:\t0000000000000000"));
            Assert.That(int.Parse(lines[^2], System.Globalization.CultureInfo.InvariantCulture), Is.LessThanOrEqualTo(4), "the command sees the host's processes");
            Assert.That(lines[^1], Is.Not.EqualTo("0"), "the command runs as root");
        });
    }

    [Test]
    public async Task Run_PastItsTimeout_LeavesNoProcessBehind()
    {
        var marker = "agent42-orphan-" + Guid.NewGuid().ToString("N")[..12];

        var result = await CallAsync(
            await CreateSutAsync(), new { command = $"sh -c 'sleep 1000; true' {marker} & echo started; sleep 1000", timeout_seconds = 1 });

        var gone = await Poll.UntilAsync(() => !ProcessesNamed(marker).Any(), TimeSpan.FromSeconds(10));
        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Is.EqualTo("the command timed out and was killed"));
            Assert.That(result.Output, Does.Contain("started"));
            Assert.That(gone, Is.True, "still running: " + string.Join(", ", ProcessesNamed(marker)));
        });
    }

    [TestCase("python3 -c 'print(1)'")]
    [TestCase("bash -c 'cd . && ls'")]
    [TestCase("echo '{\"a\":1}' | python3 -m json.tool")]
    public async Task Run_AnEverydayIdiomTheFilterRefusesUnsandboxed_RunsInTheSandbox(string command)
    {
        var result = await RunAsync(command);

        Assert.That(result.Error ?? string.Empty, Does.Not.StartWith("Command refused"));
    }

    // The pids whose command line names the marker, read from /proc as `ps` would.
    private static IEnumerable<string> ProcessesNamed(string marker)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(directory, "cmdline"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (cmdline.Contains(marker, StringComparison.Ordinal))
            {
                yield return Path.GetFileName(directory);
            }
        }
    }
}
