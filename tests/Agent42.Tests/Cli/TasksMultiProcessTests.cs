using System.Diagnostics;
using System.Text;
using Agent42.Core.Tasks;
using Agent42.Sdk;
using Agent42.Tests.Core.Models.Catalog;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

/// <summary>
/// Several real agent42 processes on one data directory (issue 12): queued tasks are never lost, each task is worked
/// exactly once, a killed worker's task is taken again after its lease, and a process killed mid-write leaves the
/// previous file whole.
/// </summary>
[TestFixture]
public sealed class TasksMultiProcessTests : IAsyncDisposable
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);
    private readonly TempDirectory _temp = new();
    private FakeOpenRouter? _server;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _temp.Dispose();
    }

    private string DataDirectory => _temp.Combine("data");

    private async Task<Dictionary<string, string?>> EnvironmentAsync()
    {
        _server ??= await FakeOpenRouter.StartAsync();
        return new Dictionary<string, string?>
        {
            ["OPENROUTER_BASE_URL"] = _server.BaseUrl,
            ["OPENROUTER_API_KEY"] = "sk-test",
            ["AGENT42_APPROVAL"] = "auto",
        };
    }

    private FileTaskStore Store() => new(DataDirectory, TimeProvider.System, new TestLogger<FileTaskStore>());

    [Test]
    public async Task AShellThatQueuesBeforeAndAfterAnotherProcess_LosesNoTask()
    {
        // The reproduction: the shell queues A1, another command queues B1, the shell queues A2.
        var env = await EnvironmentAsync();
        _temp.Write("custom_tools/QueueTool.cs", QueueToolSource);
        await using var shell = RunningProcess.Start(Agent42Process.StartInfo(_temp.Path, env));
        await shell.WaitForOutputAsync("agent42> ", Long);

        await shell.SendAsync("/call queue_task {\"text\":\"A1\"}");
        await shell.WaitForOutputAsync("Queued A1", Long);
        var b1 = await Agent42Process.RunAsync(_temp.Path, env, Long, "tasks", "add", "B1", "--type", "coding");
        Assert.That(b1.ExitCode, Is.Zero, b1.Error);
        await shell.SendAsync("/call queue_task {\"text\":\"A2\"}");
        await shell.WaitForOutputAsync("Queued A2", Long);

        Assert.That(Store().List().Select(t => t.Task.Description), Is.EqualTo(new[] { "A1", "B1", "A2" }));
        var list = await Agent42Process.RunAsync(_temp.Path, env, Long, "tasks", "list");
        Assert.That(list.Out, Does.Contain("A1").And.Contain("B1").And.Contain("A2"));
    }

    [Test]
    public async Task ProcessesQueuingAtOnce_LoseNoTask()
    {
        const int Processes = 4, Each = 6;
        var env = await EnvironmentAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, Processes).Select(p => Task.Run(async () =>
        {
            var ids = new List<string>();
            for (var i = 0; i < Each; i++)
            {
                var outcome = await Agent42Process.RunAsync(_temp.Path, env, Long, "tasks", "add", $"p{p} task {i}", "--type", "coding");
                Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
                ids.Add(outcome.Out.Trim());
            }

            return ids;
        })));

        var stored = Store().List();
        Assert.That(stored.Select(t => t.Task.Id), Is.EquivalentTo(results.SelectMany(r => r)));
        Assert.That(stored, Has.Count.EqualTo(Processes * Each));
        for (var p = 0; p < Processes; p++)
        {
            // Each process's own tasks keep the order it queued them in.
            var mine = stored.Select(t => t.Task.Description).Where(d => d.StartsWith($"p{p} ", StringComparison.Ordinal));
            Assert.That(mine, Is.EqualTo(Enumerable.Range(0, Each).Select(i => $"p{p} task {i}")));
        }
    }

    [Test]
    public async Task TwoWorkers_DoEachOfAHundredTasksExactlyOnce()
    {
        const int Tasks = 100;
        var env = await EnvironmentAsync();
        _server!.DefaultChatAnswer = ScriptedAnswer.Text("APPROVED\nSCORE: 0.9");
        var store = Store();
        var ids = new List<string>();
        for (var i = 0; i < Tasks; i++)
        {
            ids.Add((await store.EnqueueAsync($"task {i}", TaskType.Content, null, CancellationToken.None)).Id);
        }

        var workers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Agent42Process.RunAsync(_temp.Path, env, Long, "tasks", "work", "--drain")));

        foreach (var worker in workers)
        {
            Assert.That(worker.ExitCode, Is.Zero, worker.Error);
        }

        var done = workers.SelectMany(w => w.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var stored = Store().List();
        Assert.Multiple(() =>
        {
            Assert.That(done, Is.EquivalentTo(ids.Select(id => $"{id} done")), "each task reported done by exactly one worker");
            Assert.That(stored.Select(t => t.Task.Status), Is.All.EqualTo(AgentTaskStatus.Done));
            Assert.That(stored.Select(t => t.Attempts), Is.All.EqualTo(1), "no task was taken twice");
            Assert.That(_server.ChatRequests, Has.Count.EqualTo(2 * Tasks), "one primary and one critic call per task, no more");
        });
    }

    [Test]
    public async Task AWorkerKilledMidTask_LeavesItToBeTakenAgainAfterTheLease()
    {
        var env = await EnvironmentAsync();
        env["AGENT42_TASK_LEASE_SECONDS"] = "2";
        env["AGENT42_TASK_POLL_SECONDS"] = "1";
        var task = await Store().EnqueueAsync("survive a crash", TaskType.Content, null, CancellationToken.None);
        _server!.ChatAnswers.Enqueue(new ScriptedAnswer(200, string.Empty, Hang: true));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("the answer"));
        _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));

        await using (var doomed = RunningProcess.Start(Agent42Process.StartInfo(_temp.Path, env, "tasks", "work", "--once")))
        {
            Assert.That(await Poll.UntilAsync(() => !_server.ChatRequests.IsEmpty, Long), Is.True, "the worker never called the model: " + doomed.Output);
            var held = Store().Get(task.Id)!;
            Assert.That(held.Task.Status, Is.EqualTo(AgentTaskStatus.Running));
            Assert.That(held.LeaseOwner, Is.Not.Null);
            doomed.KillHard();
        }

        var next = await Agent42Process.RunAsync(_temp.Path, env, Long, "tasks", "work", "--max", "1");

        var stored = Store().Get(task.Id)!;
        Assert.Multiple(() =>
        {
            Assert.That(next.ExitCode, Is.Zero, next.Error);
            Assert.That(next.Out, Is.EqualTo($"{task.Id} done\n"));
            Assert.That(next.Error, Does.Contain("(attempt 2"));
            Assert.That(stored.Task.Status, Is.EqualTo(AgentTaskStatus.Done));
            Assert.That(stored.Task.Result, Is.EqualTo("the answer"));
            Assert.That(stored.Attempts, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task ProcessesKilledWhileQueuing_NeverLeaveAHalfWrittenFile()
    {
        // A big queue makes each write long, so some kills land inside one.
        var filler = Enumerable.Range(0, 3000).Select(i => new TaskFileEntry(
            $"t-filler-{i}", TaskType.Coding, $"filler {i} " + new string('x', 200), AgentTaskStatus.Pending, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)).ToArray();
        Directory.CreateDirectory(DataDirectory);
        await File.WriteAllBytesAsync(Path.Combine(DataDirectory, FileTaskStore.FileName),
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new TaskQueueFile(1, filler), TaskQueueJsonContext.Default.TaskQueueFile));

        var env = await EnvironmentAsync();
        var confirmed = new List<string>();
        var random = new Random(12);
        for (var round = 0; round < 12; round++)
        {
            await using var adding = RunningProcess.Start(Agent42Process.StartInfo(_temp.Path, env, "tasks", "add", $"round {round}", "--type", "coding"));
            await adding.WaitForExitOrKillAfterAsync(TimeSpan.FromMilliseconds(random.Next(200, 1500)));
            if (adding.ExitCode == 0)
            {
                confirmed.Add(adding.Stdout.Trim());
            }

            var (tasks, problem) = TaskFileReader.Parse(await File.ReadAllBytesAsync(Path.Combine(DataDirectory, FileTaskStore.FileName)));
            Assert.That(problem, Is.Null, $"round {round}: the file was left broken");
            Assert.That(tasks.Select(t => t.Id), Is.SupersetOf(confirmed), $"round {round}: a confirmed task is gone");
        }

        var final = await Agent42Process.RunAsync(_temp.Path, env, Long, "tasks", "add", "after the kills", "--type", "coding");
        Assert.That(final.ExitCode, Is.Zero, final.Error);
        Assert.That(Store().List(), Has.Count.GreaterThanOrEqualTo(3001 + confirmed.Count));
    }

    private const string QueueToolSource = """
        using System.ComponentModel;
        using System.Threading;
        using System.Threading.Tasks;
        using Agent42.Sdk;

        public sealed record QueueArgs([property: Description("What to queue.")] string Text);

        public sealed class QueueTool : Tool<QueueArgs>
        {
            private readonly ITaskQueue _queue;

            public QueueTool(ITaskQueue queue) => _queue = queue;

            public override string Name => "queue_task";
            public override string Description => "Queues a follow-up task.";

            protected override async Task<ToolResult> RunAsync(QueueArgs arguments, CancellationToken cancellationToken)
            {
                var task = await _queue.EnqueueAsync(arguments.Text, TaskType.Coding, null, cancellationToken);
                return ToolResult.Ok("Queued " + task.Description + " as " + task.Id);
            }
        }
        """;

    /// <summary>A started agent42 whose output is collected as it comes, for waiting on a line and for killing.</summary>
    private sealed class RunningProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly StringBuilder _stdout = new();
        private readonly Task _reading;

        private RunningProcess(Process process)
        {
            _process = process;
            _reading = Task.WhenAll(ReadAsync(process.StandardOutput, _stdout), ReadAsync(process.StandardError, null));
        }

        /// <summary>Stdout and stderr as they came.</summary>
        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public string Stdout
        {
            get
            {
                lock (_output)
                {
                    return _stdout.ToString();
                }
            }
        }

        public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

        public static RunningProcess Start(ProcessStartInfo start) => new(Process.Start(start)!);

        public async Task SendAsync(string line)
        {
            await _process.StandardInput.WriteLineAsync(line);
            await _process.StandardInput.FlushAsync();
        }

        public async Task WaitForOutputAsync(string text, TimeSpan timeout)
        {
            if (!await Poll.UntilAsync(() => Output.Contains(text, StringComparison.Ordinal), timeout))
            {
                Assert.Fail($"'{text}' never came; the process said:\n{Output}");
            }
        }

        /// <summary>Waits for the process to end by itself, up to <paramref name="limit"/>; past it, kills it with SIGKILL.</summary>
        public async Task WaitForExitOrKillAfterAsync(TimeSpan limit)
        {
            using var wait = new CancellationTokenSource(limit);
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                KillHard();
            }

            await _reading;
        }

        /// <summary>SIGKILL: no handler runs, as when the OOM killer or kill -9 ends it.</summary>
        public void KillHard()
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It had already ended.
            }

            _process.WaitForExit();
        }

        public async ValueTask DisposeAsync()
        {
            KillHard();
            await _reading;
            _process.Dispose();
        }

        private async Task ReadAsync(StreamReader reader, StringBuilder? only)
        {
            var buffer = new char[4096];
            int read;
            while ((read = await reader.ReadAsync(buffer)) > 0)
            {
                lock (_output)
                {
                    _output.Append(buffer, 0, read);
                    only?.Append(buffer, 0, read);
                }
            }
        }
    }
}
