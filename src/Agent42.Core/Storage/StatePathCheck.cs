using Agent42.Core.Native;

namespace Agent42.Core.Storage;

/// <summary>
/// Checks that each of Agent42's state paths is what it must be (a regular file, or a directory for the folders) or
/// absent. A FIFO, a device or a directory where a file belongs is named on every command, not taken for "no file
/// yet"; the store that reads it refuses it with the same words.
/// </summary>
/// <param name="paths">Each path, whether it must be a directory, what Agent42 keeps there, and what happens meanwhile.</param>
internal sealed class StatePathCheck(IReadOnlyList<(string Path, bool IsDirectory, string Holds, string Consequence)> paths) : IStateCheck
{
    public IEnumerable<StateProblem> Check()
    {
        foreach (var (path, isDirectory, holds, consequence) in paths)
        {
            var kind = StatePath.KindOf(path);
            var expected = isDirectory ? FileKind.Directory : FileKind.Regular;
            if (kind is { } found && found != expected)
            {
                yield return new StateProblem(
                    $"{path} is {StatePath.Describe(found)}, not {(isDirectory ? "a directory" : "a regular file")}; Agent42 keeps {holds} there",
                    path, null, consequence,
                    $"move it away (mv '{path}' '{path}.bad'); Agent42 starts a new one");
            }
        }
    }
}
