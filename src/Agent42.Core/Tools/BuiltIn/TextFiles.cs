using System.Diagnostics.CodeAnalysis;
using System.Text;
using Agent42.Core.Security;
using Agent42.Core.Security.Handles;

namespace Agent42.Core.Tools.BuiltIn;

/// <summary>Reading text files for the built-in tools: size cap by bytes actually read, binary detection, clear failures.</summary>
internal static class TextFiles
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Opens <paramref name="path"/> through the sandbox and reads it whole; the caller disposes <paramref name="file"/>.</summary>
    public static bool TryRead(WorkspaceSandbox sandbox, string path, int maxKb, [NotNullWhen(true)] out OpenedFile? file, out string text, [NotNullWhen(false)] out string? error)
    {
        text = string.Empty;
        file = sandbox.OpenRead(path, out var refusal);
        if (file is null)
        {
            error = refusal!.Message;
            return false;
        }

        if (!TryRead(file, path, maxKb, out text, out error))
        {
            file.Dispose();
            file = null;
            return false;
        }

        return true;
    }

    /// <summary>Reads an opened file; <paramref name="path"/> is only for messages.</summary>
    public static bool TryRead(OpenedFile file, string path, int maxKb, out string text, [NotNullWhen(false)] out string? error)
    {
        text = string.Empty;
        var cap = maxKb * 1024L;
        if (file.ReportedSize > cap)
        {
            error = $"'{path}' is {file.ReportedSize / 1024} KB, over the {maxKb} KB limit (FILE_MAX_READ_KB)";
            return false;
        }

        byte[] bytes;
        try
        {
            // The reported size is a hint only (a file can grow while it is read): the cap is on bytes read.
            bytes = ReadAtMost(file.Stream, cap + 1);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"'{path}' could not be read: {ex.Message}";
            return false;
        }

        if (bytes.Length > cap)
        {
            error = $"'{path}' is over the {maxKb} KB limit (FILE_MAX_READ_KB)";
            return false;
        }

        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            error = $"'{path}' is a binary file";
            return false;
        }

        try
        {
            text = StrictUtf8.GetString(bytes);
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text[1..];
            }
        }
        catch (DecoderFallbackException)
        {
            error = $"'{path}' is not UTF-8 text";
            return false;
        }

        error = null;
        return true;
    }

    private static byte[] ReadAtMost(Stream stream, long limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        while (buffer.Length < limit)
        {
            var read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit - buffer.Length));
            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
