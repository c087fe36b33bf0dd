using System.Globalization;
using System.IO.Abstractions;

namespace Agent42.Core.Storage;

/// <summary>
/// Whether a JSON state file was set aside as unreadable (<c>&lt;name&gt;.corrupt-&lt;time&gt;</c>) and nothing good has
/// been written since: the newest kept copy is newer than the live file, or there is no live file. Derived from the
/// files, so a second process sees what the first one set aside, and the warning goes once a good file is written.
/// </summary>
/// <param name="path">The live state file.</param>
/// <param name="holds">What it holds, e.g. "the model catalog".</param>
/// <param name="consequence">What Agent42 uses meanwhile.</param>
/// <param name="fix">The command that writes a good file again.</param>
/// <param name="fileSystem">Where the file lives; the machine's when not given.</param>
internal sealed class QuarantineCheck(string path, string holds, string consequence, string fix, IFileSystem? fileSystem = null) : IStateCheck
{
    private const string TimeFormat = "yyyyMMddTHHmmssfff";

    private readonly IFileSystem _fs = fileSystem ?? StateFileSystem.Os;

    public IEnumerable<StateProblem> Check()
    {
        var directory = _fs.Path.GetDirectoryName(_fs.Path.GetFullPath(path))!;
        var prefix = _fs.Path.GetFileName(path) + ".corrupt-";
        if (!_fs.Directory.Exists(directory))
        {
            return [];
        }

        (string Path, DateTimeOffset At)? newest = null;
        foreach (var kept in _fs.Directory.EnumerateFiles(directory, prefix + "*"))
        {
            if (DateTimeOffset.TryParseExact(_fs.Path.GetFileName(kept)[prefix.Length..], TimeFormat, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) && (newest is null || at > newest.Value.At))
            {
                newest = (kept, at);
            }
        }

        if (newest is not { } set)
        {
            return [];
        }

        var live = _fs.FileInfo.New(path);
        // The kept name's time is cut to the millisecond, so a file written after the setting aside is later than it.
        if (live.Exists && live.LastWriteTimeUtc > set.At.UtcDateTime)
        {
            return [];
        }

        return [new StateProblem($"{holds} could not be read and was kept as {Path.GetFileName(set.Path)}", path, set.At, consequence, fix)];
    }
}
