using System.Collections.Concurrent;
using System.Text.Json;
using Agent42.Sdk;

namespace Agent42.Tests.Core.Plugins;

/// <summary>Every service a tool can ask for, in one readable fake that records what tools did with it.</summary>
internal sealed class FakeToolServices : IWorkspaceSandbox, ICommandFilter, ITaskQueue, IToolRegistry, IToolLogger
{
    public FakeToolServices(string workspace, IToolRegistry? registry = null)
    {
        Root = workspace;
        Context = new ToolContext
        {
            Sandbox = this,
            CommandFilter = this,
            TaskQueue = this,
            Workspace = workspace,
            ToolRegistry = registry ?? this,
            LoggerFactory = category =>
            {
                LoggerCategories.Enqueue(category);
                return this;
            },
        };
    }

    public ToolContext Context { get; }

    public string Root { get; }

    public ConcurrentQueue<string> LoggerCategories { get; } = new();

    public ConcurrentQueue<string> Logged { get; } = new();

    public string ResolvePath(string path) => Path.Combine(Root, path);

    public bool TryResolvePath(string path, out string fullPath, out string? violation)
    {
        fullPath = ResolvePath(path);
        violation = null;
        return true;
    }

    public string ToRelativePath(string fullPath) => Path.GetRelativePath(Root, fullPath);

    public bool FileExists(string path) => File.Exists(ResolvePath(path));

    public bool DirectoryExists(string path) => Directory.Exists(ResolvePath(path));

    public Task<string> ReadAllTextAsync(string path, CancellationToken cancellationToken = default) =>
        File.ReadAllTextAsync(ResolvePath(path), cancellationToken);

    public Task WriteAllTextAsync(string path, string contents, CancellationToken cancellationToken = default) =>
        File.WriteAllTextAsync(ResolvePath(path), contents, cancellationToken);

    public IReadOnlyList<string> ListFiles(string path, string searchPattern = "*", bool recursive = false) =>
        Directory.GetFiles(ResolvePath(path), searchPattern).Select(ToRelativePath).ToArray();

    public CommandCheck Check(string command) => CommandCheck.Deny("fake", "checked by the fake filter: " + command);

    public Task<AgentTask> EnqueueAsync(string description, TaskType type, string? parentId = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new AgentTask("t1", type, description, AgentTaskStatus.Pending, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, parentId));

    public AgentTask? Get(string id) => null;

    public IReadOnlyList<AgentTask> List() => [new AgentTask("t0", TaskType.Coding, "fake task", AgentTaskStatus.Done, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)];

    IReadOnlyList<ToolInfo> IToolRegistry.List() => [new ToolInfo("fake_tool", "A fake.", JsonDocument.Parse("{}").RootElement, ToolSource.BuiltIn, null)];

    public Task<ToolResult> ExecuteAsync(string name, JsonElement arguments, CancellationToken cancellationToken = default) =>
        Task.FromResult(ToolResult.Ok("fake registry ran " + name));

    public void Debug(string message) => Logged.Enqueue("debug: " + message);

    public void Information(string message) => Logged.Enqueue("info: " + message);

    public void Warning(string message) => Logged.Enqueue("warning: " + message);

    public void Error(string message, Exception? exception = null) => Logged.Enqueue("error: " + message);
}
