namespace Agent42.Core.Security.Sandbox;

/// <summary>
/// The pathname unix sockets bound in this network namespace, from <c>/proc/net/unix</c>. A read-only root does not
/// stop <c>connect()</c> on a socket's inode, so each of these outside the workspace is a door out of the sandbox
/// (<c>/run/docker.sock</c> is root on the host); <see cref="BwrapPlanner"/> mounts an empty device over them.
/// </summary>
internal static class UnixSockets
{
    public const string TablePath = "/proc/net/unix";

    // Num: RefCount Protocol Flags Type St Inode, then the path when the socket is bound.
    private const int FieldsBeforePath = 7;

    /// <summary>The table's socket paths, or none when it cannot be read (not Linux, or /proc hidden).</summary>
    public static IReadOnlyList<string> Read()
    {
        try
        {
            return Parse(File.ReadAllText(TablePath));
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>
    /// The distinct absolute paths in a <c>/proc/net/unix</c> text. The kernel prints a path byte by byte, unescaped,
    /// so everything after the seventh field's separating space is the path, spaces included. Abstract sockets (shown
    /// with a leading <c>@</c>) have no inode to cover, unbound ones no path, and a relative path (bound relative to
    /// a working directory this table does not record) cannot be placed, so those are skipped.
    /// </summary>
    public static IReadOnlyList<string> Parse(string table)
    {
        var paths = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in table.Split('\n'))
        {
            if (PathOf(line) is { } path && seen.Add(path))
            {
                paths.Add(path);
            }
        }

        return paths;
    }

    private static string? PathOf(string line)
    {
        var position = 0;
        for (var field = 0; field < FieldsBeforePath; field++)
        {
            while (position < line.Length && line[position] == ' ')
            {
                position++;
            }

            var start = position;
            while (position < line.Length && line[position] != ' ')
            {
                position++;
            }

            // The header line ("Num RefCount ...") and any fragment of a path holding a newline fail here.
            if (position == start || field == 0 && line[position - 1] != ':')
            {
                return null;
            }
        }

        if (position + 1 >= line.Length)
        {
            return null;
        }

        var path = line[(position + 1)..];
        return path.StartsWith('/') ? path : null;
    }
}
