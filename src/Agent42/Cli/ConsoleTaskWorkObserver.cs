using Agent42.Core.Tasks;
using Agent42.Sdk;

namespace Agent42.Cli;

/// <summary>A worker's steps: one line per finished task on stdout (id and status), the rest on stderr.</summary>
internal sealed class ConsoleTaskWorkObserver(CliConsole console) : ITaskWorkObserver
{
    public void Taken(TaskLease lease) =>
        Error($"task {lease.Task.Id}: taken (attempt {lease.Attempt}, lease until {lease.Until.ToLocalTime():HH:mm:ss}): {TaskText.Shorten(lease.Task.Description)}");

    public void Completed(AgentTask task) => Out($"{task.Id} done");

    public void Failed(AgentTask task, string error) => Out($"{task.Id} failed: {TaskText.Shorten(error)}");

    public void Lost(AgentTask task, string reason) => Error($"task {task.Id}: lost, result not stored: {reason}");

    public void StoreFailed(AgentTask task, string reason) => Error($"task {task.Id}: the store failed ({reason}); trying again");

    private void Out(string line)
    {
        console.Out.WriteLine(line);
        console.Out.Flush();
    }

    private void Error(string line)
    {
        console.Error.WriteLine(line);
        console.Error.Flush();
    }
}
