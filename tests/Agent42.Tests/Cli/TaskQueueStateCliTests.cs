using Agent42.Tests.Core.Models.Catalog;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

/// <summary>
/// The task queue and the outcome log as state files under real separate processes: the queue's temps swept under its
/// lock, a set-aside queue named until written again, and a FIFO at the outcome log hanging no command.
/// </summary>
[TestFixture]
internal sealed class TaskQueueStateCliTests
{
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(60);

    [Test]
    public async Task AFreshTempOfTheTaskQueue_IsSweptAtOnce_WhenNoWriterHoldsItsLock()
    {
        // Every write of tasks.json takes its lock, so a temp found while nobody holds it belongs to a dead writer,
        // however young it is.
        using var temp = new TempDirectory();
        var fresh = temp.Write($"data/.tasks.json.{Guid.NewGuid():N}.tmp", "{}");

        var outcome = await Agent42Process.RunAsync(temp.Path, null, NoHang, "tools", "list");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(File.Exists(fresh), Is.False, "the dead writer's temp of tasks.json stayed");
        });
    }

    [Test]
    public async Task ACorruptTaskQueue_IsNamedOnEveryCommand_UntilTheQueueIsWrittenAgain()
    {
        using var temp = new TempDirectory();
        temp.Write("data/tasks.json", "{ not json");
        const string Named = "the task queue could not be read and was kept as tasks.json.corrupt-";

        var setAside = await Agent42Process.RunAsync(temp.Path, null, NoHang, "tasks", "list");
        var later = new[]
        {
            await Agent42Process.RunAsync(temp.Path, null, NoHang, "tools", "list"),
            await Agent42Process.RunAsync(temp.Path, null, NoHang, "tasks", "list"),
        };
        var add = await Agent42Process.RunAsync(temp.Path, null, NoHang, "tasks", "add", "write the report");
        var after = await Agent42Process.RunAsync(temp.Path, null, NoHang, "tools", "list");

        Assert.Multiple(() =>
        {
            Assert.That(setAside.ExitCode, Is.Zero, setAside.Error);
            Assert.That(Directory.GetFiles(temp.Combine("data"), "tasks.json.corrupt-*"), Has.Length.EqualTo(1));
            foreach (var command in later)
            {
                Assert.That(command.Error, Does.Contain(Named));
            }

            Assert.That(add.ExitCode, Is.Zero, add.Error);
            Assert.That(after.Error, Does.Not.Contain(Named));
        });
    }

    [TestCase("tools", "list")]
    [TestCase("routing", "explain", "coding")]
    [TestCase("routing", "show")]
    [TestCase("tasks", "list")]
    public async Task AFifoAtTheOutcomeLog_HangsNoCommand_AndIsNamed(params string[] args)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("FIFOs are POSIX");
        }

        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("data"));
        Posix.MakeFifo(temp.Combine("data", "outcomes.jsonl"));

        var outcome = await Agent42Process.RunAsync(temp.Path, null, NoHang, args);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Not.EqualTo(-1), "the command hung on the FIFO: " + outcome.Error);
            Assert.That(outcome.Error, Does.Contain("outcomes.jsonl is a FIFO (named pipe), not a regular file"));
        });
    }

    [Test]
    public async Task AFifoAtTheOutcomeLog_HangsNoRun_AndTheAnswerIsPrinted()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("FIFOs are POSIX");
        }

        await using var server = await FakeOpenRouter.StartAsync();
        server.ChatAnswers.Enqueue(ScriptedAnswer.Text("42"));
        server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED"));
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("data"));
        Posix.MakeFifo(temp.Combine("data", "outcomes.jsonl"));
        var env = new Dictionary<string, string?> { ["OPENROUTER_BASE_URL"] = server.BaseUrl, ["OPENROUTER_API_KEY"] = "sk-test" };

        var outcome = await Agent42Process.RunAsync(temp.Path, env, NoHang, "run", "what is six times seven?", "--type", "research");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Not.EqualTo(-1), "run hung on the FIFO: " + outcome.Error);
            Assert.That(outcome.Out, Does.Contain("42"), outcome.Error);
            Assert.That(outcome.Error, Does.Contain("outcomes.jsonl is a FIFO (named pipe), not a regular file"));
        });
    }

    [Test]
    public async Task ALockFileReplacedByADirectory_IsNamed_AddFails_ListStillWorks()
    {
        using var temp = new TempDirectory();
        var added = await Agent42Process.RunAsync(temp.Path, null, NoHang, "tasks", "add", "first");
        File.Delete(temp.Combine("data", "tasks.json.lock"));
        Directory.CreateDirectory(temp.Combine("data", "tasks.json.lock"));

        var add = await Agent42Process.RunAsync(temp.Path, null, NoHang, "tasks", "add", "second");
        var list = await Agent42Process.RunAsync(temp.Path, null, NoHang, "tasks", "list");

        Assert.Multiple(() =>
        {
            Assert.That(added.ExitCode, Is.Zero, added.Error);
            Assert.That(add.ExitCode, Is.Not.Zero.And.Not.EqualTo(-1), add.Error);
            Assert.That(add.Error, Does.Contain("tasks.json.lock").And.Contain("is a directory").IgnoreCase);
            Assert.That(list.ExitCode, Is.Zero, list.Error);
            Assert.That(list.Out, Does.Contain("first").And.Not.Contain("second"));
        });
    }

    [Test]
    public async Task WhileAnotherProcessHoldsTheQueueLock_ListWorks_AndAnAddWaitsThenLandsOnceItIsLetGo()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("flock(1) is Linux");
        }

        using var temp = new TempDirectory();
        var added = await Agent42Process.RunAsync(temp.Path, null, NoHang, "tasks", "add", "first");
        // A real other process holding the lock until its stdin closes: what a writer stopped mid-change looks like.
        var start = new System.Diagnostics.ProcessStartInfo("flock")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-x", temp.Combine("data", "tasks.json.lock"), "sh", "-c", "echo held; cat" })
        {
            start.ArgumentList.Add(arg);
        }

        using var holder = System.Diagnostics.Process.Start(start)!;
        try
        {
            Assert.That(await holder.StandardOutput.ReadLineAsync(), Is.EqualTo("held"));
            var list = await Agent42Process.RunAsync(temp.Path, null, NoHang, "tasks", "list");
            var add = Agent42Process.RunAsync(temp.Path, null, NoHang, "tasks", "add", "second");
            var stillHeld = !holder.HasExited;
            holder.StandardInput.Close();
            await holder.WaitForExitAsync();
            var afterAdd = await add;
            var after = await Agent42Process.RunAsync(temp.Path, null, NoHang, "tasks", "list");

            Assert.Multiple(() =>
            {
                Assert.That(added.ExitCode, Is.Zero, added.Error);
                Assert.That(stillHeld, Is.True);
                Assert.That(list.ExitCode, Is.Zero, "a reader waited for or failed on the writer's lock: " + list.Error);
                Assert.That(list.Out, Does.Contain("first"));
                Assert.That(afterAdd.ExitCode, Is.Zero, afterAdd.Error);
                Assert.That(after.Out, Does.Contain("first").And.Contain("second"));
            });
        }
        finally
        {
            if (!holder.HasExited)
            {
                holder.Kill();
            }
        }
    }
}
