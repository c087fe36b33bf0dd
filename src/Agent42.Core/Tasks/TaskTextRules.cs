namespace Agent42.Core.Tasks;

/// <summary>
/// Text rules every store applies alike. PostgreSQL's text cannot hold NUL: a description with one is refused up front
/// (whoever queues it can fix it), and a result or error with one keeps the rest, NUL replaced, since the run is over
/// and refusing would leave the task to be run again and again.
/// </summary>
internal static class TaskTextRules
{
    public static void RefuseNul(string text, string name)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("a task's text cannot contain a NUL character", name);
        }
    }

    public static string KeepWithoutNul(string text) => text.Replace('\0', '\uFFFD');
}
