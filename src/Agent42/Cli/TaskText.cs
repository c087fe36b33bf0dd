using System.Text;
using Agent42.Core.Outcomes;
using Agent42.Core.Tasks;
using Agent42.Sdk;

namespace Agent42.Cli;

/// <summary>The task list as text: one line per task, oldest first.</summary>
internal static class TaskText
{
    private const int Preview = 80;

    public static string List(IReadOnlyList<StoredTask> tasks)
    {
        if (tasks.Count == 0)
        {
            return "no tasks queued\n";
        }

        var text = new StringBuilder();
        foreach (var stored in tasks)
        {
            var task = stored.Task;
            text.Append(task.Id).Append("  ").Append(Status(task.Status).PadRight(7)).Append("  ")
                .Append(TaskTypeNames.WireName(task.Type).PadRight(18)).Append("  ").Append(Shorten(task.Description));
            if (task.Status == AgentTaskStatus.Running && stored.LeaseOwner is not null)
            {
                text.Append("  [").Append(stored.LeaseOwner).Append(", attempt ").Append(stored.Attempts).Append(", lease until ")
                    .Append(stored.LeaseUntil?.ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)).Append(']');
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    public static string Status(AgentTaskStatus status) => status switch
    {
        AgentTaskStatus.Pending => "pending",
        AgentTaskStatus.Running => "running",
        AgentTaskStatus.Done => "done",
        _ => "failed",
    };

    public static string Shorten(string? text)
    {
        var line = (text ?? string.Empty).ReplaceLineEndings(" ");
        return line.Length <= Preview ? line : line[..Preview] + "...";
    }
}
