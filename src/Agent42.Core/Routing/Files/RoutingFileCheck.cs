using Agent42.Core.Storage;

namespace Agent42.Core.Routing.Files;

/// <summary>
/// Names a <c>dynamic_routing.json</c> that cannot be read, on every command, from the file itself: routing falls
/// back to the built-in defaults until a rerank rewrites it (keeping the damaged one aside first).
/// </summary>
internal sealed class RoutingFileCheck(string path) : IStateCheck
{
    public IEnumerable<StateProblem> Check()
    {
        // A FIFO or directory here is named by the state path check; it is never opened.
        if (StatePath.KindOf(path) != Native.FileKind.Regular || StateFileRead.ReadAllBytesOrNull(path, RoutingFileStore.Holds) is not { } bytes
            || RoutingFileStore.Parse(bytes, out var problem) is not null)
        {
            return [];
        }

        return [new StateProblem($"{RoutingFileStore.Holds} cannot be read ({problem})", path,
            new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero),
            "tasks are routed by the built-in defaults", "agent42 routing rerank (it keeps the damaged file as .corrupt-<time> first)")];
    }
}
