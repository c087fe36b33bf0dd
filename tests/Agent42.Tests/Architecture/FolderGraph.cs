using ArchUnitNET.Domain;

namespace Agent42.Tests.Architecture;

/// <summary>
/// The dependency graph between the folders directly under a namespace, read from the compiled types, and its
/// cycles. Written here rather than with ArchUnitNET's slices, whose <c>(*)</c> takes nested namespaces as slices
/// of their own, so a folder and its own subfolder would count as a cycle.
/// </summary>
internal static class FolderGraph
{
    /// <summary>Each pair of folders under <paramref name="root"/> that reach each other, as one line naming an edge each way.</summary>
    public static IReadOnlyList<string> Cycles(ArchUnitNET.Domain.Architecture architecture, string root)
    {
        var edges = new Dictionary<(string From, string To), string>();
        foreach (var type in architecture.Types)
        {
            if (FolderOf(type, root) is not { } from)
            {
                continue;
            }

            foreach (var dependency in type.Dependencies)
            {
                if (FolderOf(dependency.Target, root) is { } to && to != from)
                {
                    edges.TryAdd((from, to), $"{type.FullName} -> {dependency.Target.FullName}");
                }
            }
        }

        var folders = edges.Keys.SelectMany(edge => new[] { edge.From, edge.To }).Distinct().Order(StringComparer.Ordinal).ToArray();
        var reach = folders.ToDictionary(folder => folder, folder => Reachable(folder, edges));
        var cycles = new List<string>();
        foreach (var a in folders)
        {
            foreach (var b in folders.Where(b => string.CompareOrdinal(a, b) < 0 && reach[a].Contains(b) && reach[b].Contains(a)))
            {
                cycles.Add($"{a} <-> {b}: {Example(a, b, edges, reach)} ... {Example(b, a, edges, reach)}");
            }
        }

        return cycles;
    }

    private static string? FolderOf(IType type, string root)
    {
        var ns = type.Namespace?.FullName ?? string.Empty;
        return ns.StartsWith(root + ".", StringComparison.Ordinal) ? ns[(root.Length + 1)..].Split('.')[0] : null;
    }

    private static HashSet<string> Reachable(string start, Dictionary<(string From, string To), string> edges)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var folder))
        {
            foreach (var next in edges.Keys.Where(edge => edge.From == folder).Select(edge => edge.To))
            {
                if (seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return seen;
    }

    // The first step from a towards b that still leads to b: enough to start untangling.
    private static string Example(string a, string b, Dictionary<(string From, string To), string> edges, Dictionary<string, HashSet<string>> reach) =>
        edges.First(edge => edge.Key.From == a && (edge.Key.To == b || reach[edge.Key.To].Contains(b))).Value;
}
