using System.Globalization;
using System.Text;
using System.Text.Json;
using Agent42.Core.Tools;
using Agent42.Sdk;
using DiffPlex.Renderer;

namespace Agent42.Core.Agent.Approval;

/// <summary>
/// What a call would do, for a person deciding whether it may: a unified diff of the file for <c>write_file</c> and
/// <c>edit_file</c>, the command for <c>shell</c>, the method and URL for <c>http_request</c>, the arguments otherwise.
/// </summary>
internal sealed class CallPreview(IWorkspaceSandbox sandbox, ToolOptions options)
{
    /// <summary>Past this many lines the preview is cut, saying how much was left out.</summary>
    public const int MaxLines = 200;

    public string Describe(ToolCallProposal call)
    {
        var text = call.Tool switch
        {
            "write_file" => WriteFile(call.Arguments),
            "edit_file" => EditFile(call.Arguments),
            "shell" => "$ " + Text(call.Arguments, "command"),
            "http_request" => HttpRequest(call.Arguments),
            _ => call.Arguments.GetRawText(),
        };
        return Cut(Visible(text.ReplaceLineEndings("\n")));
    }

    private string WriteFile(JsonElement arguments)
    {
        var path = Text(arguments, "path");
        var (current, note) = Current(path);
        return Diff(path, current, Text(arguments, "content"), note);
    }

    private string EditFile(JsonElement arguments)
    {
        var path = Text(arguments, "path");
        var oldString = Text(arguments, "old_string");
        var newString = Text(arguments, "new_string");
        var (current, note) = Current(path);
        var index = current is null || oldString.Length == 0 ? -1 : current.IndexOf(oldString, StringComparison.Ordinal);
        if (index < 0)
        {
            // The tool will refuse; show what it was asked to replace.
            var why = note ?? (current is null ? "it does not exist" : "old_string is not in it");
            return $"edit {path} ({why}, so the call will fail):\n" + Diff(path, oldString, newString, null);
        }

        var updated = arguments.TryGetProperty("replace_all", out var all) && all.ValueKind == JsonValueKind.True
            ? current!.Replace(oldString, newString, StringComparison.Ordinal)
            : string.Concat(current.AsSpan(0, index), newString, current.AsSpan(index + oldString.Length));
        return Diff(path, current, updated, note);
    }

    private static string HttpRequest(JsonElement arguments)
    {
        var method = arguments.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()!.ToUpperInvariant() : "GET";
        var line = $"{method} {Text(arguments, "url")}";
        return arguments.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String
            ? line + "\n\n" + body.GetString()
            : line;
    }

    private static string Diff(string path, string? before, string after, string? note)
    {
        // The differ counts the empty text after a final newline as a line; a unified diff does not.
        static string Lines(string text) => text.EndsWith('\n') ? text[..^1] : text;
        var diff = UnidiffRenderer.GenerateUnidiff(Lines(before ?? string.Empty), Lines(after), before is null ? "/dev/null" : "a/" + path, "b/" + path, false, false, 3);
        if (diff.Length == 0)
        {
            diff = $"(no change to {path})";
        }

        return note is null ? diff : $"({note})\n{diff}";
    }

    /// <summary>The file as it is now, or null with why it is not shown (a new file, too large, not text).</summary>
    private (string? Text, string? Note) Current(string path)
    {
        if (path.Length == 0)
        {
            return (null, "no path given");
        }

        if (!sandbox.TryResolvePath(path, out var fullPath, out var violation))
        {
            return (null, $"'{path}' {violation}, so the call will fail");
        }

        var info = new FileInfo(fullPath);
        // A FIFO or a device reports no length; it is never opened here, where a read could block.
        if (!info.Exists || info.Length == 0)
        {
            return (info.Exists ? string.Empty : null, info.Exists ? null : "new file");
        }

        var limit = options.FileMaxReadKb * 1024;
        try
        {
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var buffer = new byte[limit + 1];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return read > limit
                ? (null, $"the current file is over {options.FileMaxReadKb} KB, so only the new content is shown")
                : (Encoding.UTF8.GetString(buffer, 0, read), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"the current file could not be read: {ex.Message}");
        }
    }

    private static string Text(JsonElement arguments, string name) =>
        arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : string.Empty;

    /// <summary>
    /// Control characters shown as escapes: text from the model must not move the cursor, clear lines or recolour
    /// the terminal, which could hide part of what the user is approving.
    /// </summary>
    private static string Visible(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            // Format characters too: a right-to-left override can make a line read other than it runs.
            if ((char.IsControl(c) && c is not ('\n' or '\t')) || char.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string Cut(string text)
    {
        var lines = text.TrimEnd('\n').Split('\n');
        return lines.Length <= MaxLines
            ? string.Join('\n', lines)
            : string.Join('\n', lines.Take(MaxLines)) + $"\n... ({lines.Length - MaxLines} more lines not shown)";
    }
}
