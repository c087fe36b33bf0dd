using Agent42.Core.Storage;
using Agent42.Core.Tasks;
using Agent42.Sdk;
using Agent42.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Tasks;

/// <summary>What only the files store does: the file's checks, its corruption handling and its re-reads.</summary>
[TestFixture]
internal sealed class FileTaskStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);
    private readonly TempDirectory _temp = new();
    private readonly TestLogger<FileTaskStore> _logger = new();

    public void Dispose() => _temp.Dispose();

    private string FilePath => Path.Combine(_temp.Path, FileTaskStore.FileName);

    [TestCase("garbage, not json")]
    [TestCase("")]
    [TestCase("{\"schema_version\":1,\"tasks\":[{\"id\":\"t-1\",\"ty")]
    [TestCase("{\"schema_version\":2,\"tasks\":[]}")]
    [TestCase("{\"schema_version\":1}")]
    [TestCase("null")]
    [TestCase("{\"schema_version\":1,\"tasks\":[{\"id\":\"t-1\",\"type\":\"no_such_type\",\"description\":\"x\",\"status\":\"pending\"}]}")]
    [TestCase("{\"schema_version\":1,\"tasks\":[null]}")]
    [TestCase("{\"schema_version\":1,\"tasks\":[{\"type\":\"coding\",\"description\":\"no id\",\"status\":\"pending\"}]}")]
    [TestCase("{\"schema_version\":1,\"tasks\":[{\"id\":\"t-1\",\"type\":\"coding\",\"description\":\"a\",\"status\":\"pending\"},{\"id\":\"t-1\",\"type\":\"coding\",\"description\":\"b\",\"status\":\"pending\"}]}")]
    public async Task List_WhenTasksJsonIsCorrupt_MovesItAsideWarnsAndStartsEmpty(string content)
    {
        await File.WriteAllTextAsync(FilePath, content);
        var store = CreateSut();

        Assert.That(store.List(), Is.Empty);

        var kept = Path.Combine(_temp.Path, "tasks.json.corrupt-20250304T050607890");
        Assert.That(File.Exists(kept), Is.True, "the corrupt file was not kept");
        Assert.That(await File.ReadAllTextAsync(kept), Is.EqualTo(content));
        Assert.That(File.Exists(FilePath), Is.False);
        Assert.That(_logger.Messages(LogLevel.Warning).ToArray(), Has.Length.EqualTo(1).And.Some.Contain(FilePath).And.Some.Contain(kept));

        var task = await store.EnqueueAsync("after recovery", TaskType.Coding, null, CancellationToken.None);
        Assert.That((await store.TryDequeueAsync("w1", TimeSpan.FromMinutes(1), CancellationToken.None))!.Task.Id, Is.EqualTo(task.Id));
        Assert.That(CreateSut().List().Select(t => t.Task.Id), Is.EqualTo(new[] { task.Id }));
    }

    [Test]
    public async Task Enqueue_WhenTasksJsonIsCorrupt_KeepsItAsideAndStoresTheNewTask()
    {
        await File.WriteAllTextAsync(FilePath, "{broken");

        var task = await CreateSut().EnqueueAsync("new", TaskType.Coding, null, CancellationToken.None);

        Assert.That(File.ReadAllText(Path.Combine(_temp.Path, "tasks.json.corrupt-20250304T050607890")), Is.EqualTo("{broken"));
        Assert.That(CreateSut().List().Select(t => t.Task.Id), Is.EqualTo(new[] { task.Id }));
        Assert.That(_logger.Messages(LogLevel.Warning).ToArray(), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task List_WhenAnotherProcessReplacedTheCorruptFileBeforeTheLockWasHad_KeepsTheGoodFile()
    {
        // The second process's view: it reads a bad file, but by the time it holds the lock, the first process has set
        // that file aside and written a good one. Setting aside what it saw would throw the good one away.
        await File.WriteAllTextAsync(FilePath, "{broken");
        var writer = CreateSut();
        AgentTask queued;
        IReadOnlyList<StoredTask> seen;
        using (var held = await StateFileLock.AcquireAsync(FilePath))
        {
            var reading = Task.Run(() => CreateSut().List());
            await Poll.UntilAsync(() => reading.IsCompleted, TimeSpan.FromMilliseconds(300));
            Assert.That(reading.IsCompleted, Is.False, "a reader that saw a bad file must wait for the lock before judging it");

            File.Move(FilePath, FilePath + ".corrupt-by-first");
            var good = new FileTaskStore(Path.Combine(_temp.Path, "staging"), new FakeTimeProvider(Start), _logger);
            queued = await good.EnqueueAsync("written by the first process", TaskType.Coding, null, CancellationToken.None);
            File.Copy(good.FilePath, Path.Combine(_temp.Path, "tasks.json.new"));
            File.Move(Path.Combine(_temp.Path, "tasks.json.new"), FilePath);
            held.Dispose();
            seen = await reading;
        }

        Assert.That(seen.Select(t => t.Task.Id), Is.EqualTo(new[] { queued.Id }));
        Assert.That(writer.List().Select(t => t.Task.Id), Is.EqualTo(new[] { queued.Id }));
        Assert.That(Directory.GetFiles(_temp.Path, "tasks.json.corrupt-2*"), Is.Empty);
        Assert.That(_logger.Messages(LogLevel.Warning), Is.Empty);
    }

    [Test]
    public async Task List_WhenTheFileIsValid_LogsNoWarningAndLeavesOnlyTheFileAndItsLock()
    {
        await CreateSut().EnqueueAsync("x", TaskType.Coding, null, CancellationToken.None);

        _ = CreateSut().List();

        Assert.That(_logger.Messages(LogLevel.Warning), Is.Empty);
        Assert.That(Directory.GetFiles(_temp.Path).Order(), Is.EqualTo(new[] { FilePath, FilePath + ".lock" }));
    }

    [Test]
    public async Task List_AfterTheFileWasEditedInPlace_ReadsItAgain()
    {
        var store = CreateSut();
        await store.EnqueueAsync("first", TaskType.Coding, null, CancellationToken.None);
        Assert.That(store.List(), Has.Count.EqualTo(1));

        var text = await File.ReadAllTextAsync(FilePath);
        _temp.Rewrite(FileTaskStore.FileName, text.Replace("\"first\"", "\"FIRST\"", StringComparison.Ordinal));

        Assert.That(store.List().Single().Task.Description, Is.EqualTo("FIRST"));
    }

    [Test]
    public void List_WhenTasksJsonIsADirectory_SaysSoInsteadOfReadingItAsEmpty()
    {
        Directory.CreateDirectory(FilePath);

        Assert.That(() => CreateSut().List(), Throws.InstanceOf<StateFileException>()
            .With.Message.Contain(FilePath).And.Message.Contain("a directory").And.Message.Contain("the task queue"));
        Assert.That(() => CreateSut().EnqueueAsync("x", TaskType.Coding, null, CancellationToken.None), Throws.InstanceOf<StateFileException>());
    }

    [Test]
    public void EnqueueAndList_WhenTasksJsonIsAFifo_FailAtOnceInsteadOfHanging()
    {
        Posix.MakeFifo(FilePath);

        Assert.That(() => CreateSut().List(), Throws.InstanceOf<StateFileException>().With.Message.Contain("FIFO"));
        Assert.That(() => CreateSut().EnqueueAsync("x", TaskType.Coding, null, CancellationToken.None),
            Throws.InstanceOf<StateFileException>().With.Message.Contain("FIFO"));
    }

    [Test]
    public async Task Dequeue_WhenNothingIsReady_DoesNotRewriteTheFile()
    {
        var store = CreateSut();
        await store.EnqueueAsync("x", TaskType.Coding, null, CancellationToken.None);
        await store.TryDequeueAsync("w1", TimeSpan.FromMinutes(1), CancellationToken.None);
        var before = File.GetLastWriteTimeUtc(FilePath);

        Assert.That(await store.TryDequeueAsync("w2", TimeSpan.FromMinutes(1), CancellationToken.None), Is.Null);

        Assert.That(File.GetLastWriteTimeUtc(FilePath), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(_temp.Path, ".tasks.json.*"), Is.Empty, "no temp file was left");
    }

    private FileTaskStore CreateSut() => new(_temp.Path, new FakeTimeProvider(Start), _logger);
}
