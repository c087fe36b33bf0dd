using System.Collections.Immutable;
using System.Text.Json;
using Agent42.Core.Configuration;
using Agent42.Sdk;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Tools;

/// <summary>
/// The live set of tools. Reads are lock-free over an immutable snapshot; writers swap the snapshot under a lock,
/// so replacing every tool one plugin file provides is a single atomic step. A call in flight keeps the instance
/// it started on.
/// </summary>
internal sealed partial class ToolRegistry : IToolRegistry
{
    private readonly Lock _writeGate = new();
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger<ToolRegistry> _logger;
    private ImmutableSortedDictionary<string, ToolRegistration> _tools = ImmutableSortedDictionary.Create<string, ToolRegistration>(StringComparer.Ordinal);

    // Not public: only the host builds the services it hands to tools (HostServiceConstructorTests).
    internal ToolRegistry(IEnumerable<Tool> builtIns, ToolOptions options, TimeProvider time, ILogger<ToolRegistry> logger)
    {
        _timeout = TimeSpan.FromSeconds(options.ToolTimeoutSeconds);
        _time = time;
        _logger = logger;
        foreach (var tool in builtIns)
        {
            if (_tools.ContainsKey(tool.Name))
            {
                throw new InvalidOperationException($"Two built-in tools are named '{tool.Name}'.");
            }

            _tools = _tools.Add(tool.Name, new ToolRegistration(ToolSnapshot.Of(tool), ToolSource.BuiltIn, null));
        }
    }

    /// <summary>Raised after every change, on the thread that made it.</summary>
    public event EventHandler<ToolSetChange>? Changed;

    public IReadOnlyCollection<ToolRegistration> Registrations => Volatile.Read(ref _tools).Values.ToArray();

    public ToolRegistration? Find(string name) => Volatile.Read(ref _tools).GetValueOrDefault(name);

    public bool IsBuiltIn(string name) => Find(name)?.Source == ToolSource.BuiltIn;

    public IReadOnlyList<ToolInfo> List() => Volatile.Read(ref _tools).Values.Select(r => r.ToInfo()).ToArray();

    /// <summary>
    /// Replaces, as one step, the tools that <paramref name="filePath"/> provides: its old tools that are not in
    /// <paramref name="tools"/> are removed. A name that is built in, or that another file provides, is rejected.
    /// With <paramref name="keepPreviousIfNoneAccepted"/>, a new set of which every tool is rejected changes
    /// nothing, so the file's last good tools stay live.
    /// </summary>
    public ToolSetChange ReplaceFileTools(string filePath, IReadOnlyList<Tool> tools, bool keepPreviousIfNoneAccepted = false) =>
        ReplaceFileTools(filePath, tools.Select(ToolSnapshot.Of).ToArray(), keepPreviousIfNoneAccepted);

    /// <inheritdoc cref="ReplaceFileTools(string, IReadOnlyList{Tool}, bool)"/>
    public ToolSetChange ReplaceFileTools(string filePath, IReadOnlyList<ToolSnapshot> tools, bool keepPreviousIfNoneAccepted = false)
    {
        ToolSetChange change;
        lock (_writeGate)
        {
            var current = _tools;
            var builder = current.ToBuilder();
            var previous = current.Values.Where(r => r.FilePath == filePath && r.Source == ToolSource.Plugin)
                .Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var name in previous)
            {
                builder.Remove(name);
            }

            List<string> added = [], updated = [];
            List<ToolRejection> rejected = [];
            foreach (var tool in tools)
            {
                if (ToolNameRule.IsMcpName(tool.Name))
                {
                    rejected.Add(ToolRejection.ReservedForMcp(tool.Name));
                    continue;
                }

                if (current.TryGetValue(tool.Name, out var existing) && (existing.FilePath != filePath || existing.Source != ToolSource.Plugin))
                {
                    rejected.Add(existing.Source == ToolSource.BuiltIn
                        ? ToolRejection.BuiltInName(tool.Name)
                        : ToolRejection.TakenBy(tool.Name, existing.FilePath));
                    continue;
                }

                if (builder.ContainsKey(tool.Name))
                {
                    rejected.Add(ToolRejection.DefinedTwice(tool.Name, filePath));
                    continue;
                }

                builder.Add(tool.Name, new ToolRegistration(tool, ToolSource.Plugin, filePath));
                (previous.Contains(tool.Name) ? updated : added).Add(tool.Name);
            }

            if (keepPreviousIfNoneAccepted && tools.Count > 0 && added.Count == 0 && updated.Count == 0)
            {
                return new ToolSetChange(filePath, [], [], [], rejected);
            }

            var removed = previous.Where(name => !builder.ContainsKey(name)).Order(StringComparer.Ordinal).ToArray();
            Volatile.Write(ref _tools, builder.ToImmutable());
            change = new ToolSetChange(filePath, added, updated, removed, rejected)
            {
                Replaced = previous.Select(name => current[name]).ToArray(),
            };
        }

        try
        {
            Changed?.Invoke(this, change);
        }
        catch (Exception ex)
        {
            // The swap is done; a listener's failure must not make it look undone to the caller.
            LogListenerFailed(ex);
        }

        return change;
    }

    /// <summary>
    /// Replaces, as one step, every MCP server's tools with <paramref name="tools"/> (the server's name, the tool). A name
    /// already taken by a built-in or plugin tool is refused; <see cref="ToolNameRule.McpPrefix"/> keeps that from
    /// happening to names made by the MCP naming rule.
    /// </summary>
    public IReadOnlyList<ToolRejection> ReplaceMcpTools(IReadOnlyList<(string Server, ToolSnapshot Tool)> tools)
    {
        lock (_writeGate)
        {
            var builder = _tools.ToBuilder();
            foreach (var registration in _tools.Values.Where(r => r.Source == ToolSource.Mcp))
            {
                builder.Remove(registration.Name);
            }

            List<ToolRejection> rejected = [];
            foreach (var (server, tool) in tools)
            {
                if (builder.TryGetValue(tool.Name, out var existing))
                {
                    rejected.Add(existing.Source == ToolSource.BuiltIn
                        ? new ToolRejection(tool.Name, $"'{tool.Name}' is the name of a built-in tool")
                        : ToolRejection.TakenBy(tool.Name, existing.Source == ToolSource.Mcp ? "MCP server " + existing.FilePath : existing.FilePath));
                    continue;
                }

                builder.Add(tool.Name, new ToolRegistration(tool, ToolSource.Mcp, server));
            }

            Volatile.Write(ref _tools, builder.ToImmutable());
            return rejected;
        }
    }

    /// <summary>Removes every tool <paramref name="filePath"/> provides.</summary>
    public ToolSetChange RemoveFileTools(string filePath) => ReplaceFileTools(filePath, Array.Empty<ToolSnapshot>());

    public async Task<ToolResult> ExecuteAsync(string name, JsonElement arguments, CancellationToken cancellationToken = default)
    {
        var registration = Find(name);
        if (registration is null)
        {
            var names = string.Join(", ", Volatile.Read(ref _tools).Keys);
            return ToolResult.Fail($"Unknown tool '{name}'. Available tools: {names}");
        }

        return await ExecuteAsync(registration, arguments, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a call on the very registration that was found (and approved) before, so a hot swap in between cannot
    /// put another tool in its place.
    /// </summary>
    public async Task<ToolResult> ExecuteAsync(ToolRegistration registration, JsonElement arguments, CancellationToken cancellationToken = default)
    {
        var name = registration.Name;
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // Read the token now: the sources are disposed when this method returns, maybe before the tool starts.
            var token = linked.Token;
            // Task.Run also guards against a tool that blocks synchronously before its first await. The call is
            // counted until the tool's own task ends, even past a time-out, because its code still runs.
            registration.Calls.Enter();
            var call = Task.Run(() => registration.Tool.ExecuteAsync(arguments, token), CancellationToken.None);
            _ = call.ContinueWith(static (_, calls) => ((CallTracker)calls!).Exit(), registration.Calls,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            var result = await call.WaitAsync(_timeout, _time, cancellationToken).ConfigureAwait(false);
            return result ?? ToolResult.Fail($"Tool '{name}' returned no result");
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && timeout.IsCancellationRequested))
        {
            await timeout.CancelAsync().ConfigureAwait(false);
            LogTimedOut(name, _timeout.TotalSeconds);
            return ToolResult.Fail($"Tool '{name}' timed out after {_timeout.TotalSeconds:0.###} s");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The wait above may observe the caller's token before the linked source does, and disposing that source
            // then would leave the tool's token never cancelled: cancel it first, so the tool hears it.
            await linked.CancelAsync().ConfigureAwait(false);
            return ToolResult.Fail($"Tool '{name}' was cancelled");
        }
        catch (SandboxViolationException ex)
        {
            return ToolResult.Fail($"Tool '{name}' refused: {ex.Message}");
        }
        catch (Exception ex)
        {
            LogThrew(ex, name);
            return ToolResult.Fail($"Tool '{name}' failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A tool set listener failed")]
    private partial void LogListenerFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tool {Name} timed out after {Seconds} s")]
    private partial void LogTimedOut(string name, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tool {Name} threw")]
    private partial void LogThrew(Exception exception, string name);
}
