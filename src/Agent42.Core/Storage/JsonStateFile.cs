using System.IO.Abstractions;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Storage;

/// <summary>
/// A JSON file of Agent42's state in the data directory, which several Agent42 processes may share: written
/// atomically; changed only by <see cref="Update"/>, a read-merge-write under the file's <see cref="StateFileLock"/>
/// (<see cref="StateFileSystem.Lock"/> picks it, or the in-process lock on a mock file system), so no process writes
/// from a stale copy; read tolerantly. Anything but a regular file at the path is refused, naming
/// what is there (a FIFO is never opened blocking). A file that cannot be read, or that <c>validate</c> rejects, is kept
/// aside as <c>.corrupt-&lt;time&gt;</c> (under the lock, after reading it again, so a good file another process just
/// wrote is never the one set aside) with a warning naming the problem, and the empty state is used instead.
/// </summary>
internal sealed class JsonStateFile<T>(
    IFileSystem fileSystem,
    string path,
    string holds,
    JsonTypeInfo<T> typeInfo,
    Func<T, string?> validate,
    T empty,
    TimeProvider time,
    ILogger logger)
    where T : class
{
    /// <summary>A state file on the machine's file system.</summary>
    public JsonStateFile(string path, string holds, JsonTypeInfo<T> typeInfo, Func<T, string?> validate, T empty, TimeProvider time, ILogger logger)
        : this(StateFileSystem.Os, path, holds, typeInfo, validate, empty, time, logger)
    {
    }

    public string FilePath { get; } = path;

    /// <summary>What the file holds, for messages: "the model catalog".</summary>
    public string Holds { get; } = holds;

    /// <exception cref="StateFileException">Something other than a regular file is at the path.</exception>
    public T Load()
    {
        if (TryRead(out var value, out _))
        {
            return value;
        }

        using var held = StateFileSystem.Lock(fileSystem, FilePath);
        return LoadHeld();
    }

    /// <summary>Reads the current file, applies <paramref name="change"/> and writes the result, all under the lock.</summary>
    /// <returns>What was written.</returns>
    public T Update(Func<T, T> change)
    {
        using var held = StateFileSystem.Lock(fileSystem, FilePath);
        var next = change(LoadHeld());
        Write(next);
        return next;
    }

    /// <summary>Replaces the file whole, under the lock; for a state nobody else merges into.</summary>
    public void Save(T value)
    {
        using var held = StateFileSystem.Lock(fileSystem, FilePath);
        Write(value);
    }

    /// <summary>With the lock held: the file's state, setting an unreadable file aside.</summary>
    private T LoadHeld()
    {
        if (TryRead(out var value, out var problem))
        {
            return value;
        }

        try
        {
            var kept = AtomicFile.QuarantineCorrupt(fileSystem, FilePath, time.GetUtcNow());
            StateFileLog.Corrupt(logger, FilePath, problem!, kept);
        }
        catch (FileNotFoundException)
        {
            // Set aside meanwhile by a process that does not take the lock (an older Agent42, or a person).
        }

        return empty;
    }

    /// <summary>True with the state (empty when there is no file); false with the problem when it cannot be read.</summary>
    private bool TryRead(out T value, out string? problem)
    {
        var bytes = StateFileSystem.ReadAllBytesOrNull(fileSystem, FilePath, Holds);
        problem = null;
        if (bytes is null)
        {
            value = empty;
            return true;
        }

        try
        {
            value = JsonSerializer.Deserialize(bytes, typeInfo) ?? throw new JsonException("the file is empty");
            problem = validate(value);
            if (problem is null)
            {
                return true;
            }
        }
        catch (JsonException ex)
        {
            problem = ex.Message;
        }

        value = empty;
        return false;
    }

    private void Write(T value)
    {
        // A FIFO or directory put where the file goes is named, not silently replaced or failed on late.
        StateFileSystem.RegularOrAbsent(fileSystem, FilePath, Holds);
        AtomicFile.WriteAllBytes(fileSystem, FilePath, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
    }
}
