using System.Globalization;
using System.IO.Abstractions;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Agent42.Core.Storage;

namespace Agent42.Core.Agent.Conversation;

/// <summary>
/// The shell's saved conversations: one JSON file per session in the data directory's <see cref="FolderName"/>
/// folder, written atomically after every finished task under the file's <see cref="StateFileLock"/>, re-read under the
/// lock so two shells on one session both keep their turns.
/// </summary>
/// <remarks>
/// A file that cannot be read (truncated, not JSON, the wrong shape, not a regular file) is never loaded as empty and
/// never written over: it stays as it is, a warning names it, and a conversation that would have gone on in it goes
/// on in a new session beside it. The other sessions are unaffected. A session keeps its last <see cref="MaxTurns"/>
/// turns, each answer cut in its middle to <see cref="MaxAnswerChars"/>, so no file grows without bound.
/// </remarks>
internal sealed partial class SessionStore(string directory, TimeProvider time, IFileSystem? fileSystem = null)
{
    public const string FolderName = "sessions";

    /// <summary>Turns a session file keeps: the newest.</summary>
    public const int MaxTurns = 200;

    /// <summary>Characters of one answer a session file keeps (more is cut in its middle).</summary>
    public const int MaxAnswerChars = 100_000;

    /// <summary>A session file larger than this is not read (one written by this store stays far below it).</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    private const string Holds = "a saved conversation";

    private readonly IFileSystem _fs = fileSystem ?? StateFileSystem.Os;

    public string Directory { get; } = directory;

    /// <summary>Whether <paramref name="id"/> could name a session: letters, digits and dashes only, so no path is reached through it.</summary>
    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    public string PathOf(string id) => IsValidId(id)
        ? _fs.Path.Combine(Directory, id + ".json")
        : throw new ArgumentException($"'{id}' is not a session id", nameof(id));

    /// <summary>A new, empty session; nothing is written until its first turn.</summary>
    public ConversationSession Start()
    {
        var now = time.GetUtcNow();
        var id = string.Create(CultureInfo.InvariantCulture, $"{now:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}");
        return new ConversationSession(id, now, now, []);
    }

    /// <summary>Reads one session; a bad id or a file that cannot be used comes back as a problem, never as an exception.</summary>
    public SessionRead Read(string id) => IsValidId(id) ? ReadFile(PathOf(id), id) : new SessionRead(null, $"'{id}' is not a session id (letters, digits and dashes)");

    /// <summary>Every readable session, last updated first, and a warning for each file that cannot be used.</summary>
    public (IReadOnlyList<ConversationSession> Sessions, IReadOnlyList<string> Problems) List()
    {
        var sessions = new List<ConversationSession>();
        var problems = new List<string>();
        if (!_fs.Directory.Exists(Directory))
        {
            return (sessions, problems);
        }

        foreach (var path in _fs.Directory.EnumerateFiles(Directory, "*.json").Order(StringComparer.Ordinal))
        {
            var id = _fs.Path.GetFileNameWithoutExtension(path);
            if (!IsValidId(id))
            {
                continue;
            }

            var read = ReadFile(path, id);
            if (read.Session is { } session)
            {
                sessions.Add(session);
            }
            else if (read.Problem is { } problem)
            {
                problems.Add(problem);
            }
        }

        sessions.Sort((a, b) => b.Updated != a.Updated ? b.Updated.CompareTo(a.Updated) : string.CompareOrdinal(b.Id, a.Id));
        return (sessions, problems);
    }

    /// <summary>
    /// Saves <paramref name="turn"/> as the newest of <paramref name="session"/>: the file is re-read under its lock and
    /// the turn added to what is there (another shell may have added turns meanwhile), then written whole.
    /// </summary>
    public async Task<SessionAppend> AppendAsync(ConversationSession session, ConversationTurn turn, CancellationToken cancellationToken = default)
    {
        var path = PathOf(session.Id);
        _fs.Directory.CreateDirectory(Directory);
        using (await StateFileSystem.LockAsync(_fs, path, cancellationToken).ConfigureAwait(false))
        {
            var current = ReadFile(path, session.Id);
            if (current.Problem is null)
            {
                var onDisk = current.Session ?? session;
                var turns = onDisk.Turns.Any(t => t.TaskId == turn.TaskId) ? onDisk.Turns : [.. onDisk.Turns, turn];
                var saved = await WriteAsync(onDisk with { Turns = turns }, cancellationToken).ConfigureAwait(false);
                return new SessionAppend(saved, null);
            }

            // Never written over: what is there may still be recovered by hand. The conversation goes on beside it.
            var fresh = Start() with { Started = session.Started, Turns = [.. session.Turns, turn] };
            var forked = await WriteAsync(fresh, cancellationToken).ConfigureAwait(false);
            return new SessionAppend(forked, $"{current.Problem}; this conversation goes on as session {forked.Id}");
        }
    }

    private async Task<ConversationSession> WriteAsync(ConversationSession session, CancellationToken cancellationToken)
    {
        var turns = session.Turns.Skip(Math.Max(0, session.Turns.Count - MaxTurns))
            .Select(t => t.Answer.Length > MaxAnswerChars ? t with { Answer = TextCut.Middle(t.Answer, MaxAnswerChars) } : t)
            .ToList();
        var bounded = session with { Updated = time.GetUtcNow(), Turns = turns };
        var path = PathOf(bounded.Id);
        using var held = bounded.Id == session.Id ? null : await StateFileSystem.LockAsync(_fs, path, cancellationToken).ConfigureAwait(false);
        StateFileSystem.RegularOrAbsent(_fs, path, Holds);
        await AtomicFile.WriteAllBytesAsync(_fs, path, JsonSerializer.SerializeToUtf8Bytes(bounded, SessionJsonContext.Default.ConversationSession), cancellationToken)
            .ConfigureAwait(false);
        return bounded;
    }

    private SessionRead ReadFile(string path, string id)
    {
        string Unusable(string why) => $"the saved conversation {path} cannot be used ({why}); it was left as it is";
        try
        {
            if (StateFileSystem.RegularLengthOrZero(_fs, path, Holds) > MaxFileBytes)
            {
                return new SessionRead(null, Unusable($"larger than {MaxFileBytes / (1024 * 1024)} MiB"));
            }

            if (StateFileSystem.ReadAllBytesOrNull(_fs, path, Holds) is not { } bytes)
            {
                return SessionRead.Absent;
            }

            var session = JsonSerializer.Deserialize(bytes, SessionJsonContext.Default.ConversationSession)
                ?? throw new JsonException("the file holds null");
            return session.Id != id ? new SessionRead(null, Unusable($"it names session '{session.Id}'"))
                : session.Turns.Any(t => t is null) ? new SessionRead(null, Unusable("a turn is null"))
                : new SessionRead(session, null);
        }
        catch (JsonException ex)
        {
            return new SessionRead(null, Unusable(ex.Message.Split(" Path:", 2)[0].TrimEnd('.')));
        }
        catch (Exception ex) when (ex is StateFileException or IOException or UnauthorizedAccessException)
        {
            return new SessionRead(null, Unusable(ex.Message));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
