using System.Diagnostics.CodeAnalysis;
using System.Text;
using Agent42.Sdk;

namespace Agent42.Core.Tools.BuiltIn;

/// <summary>Reading text files for the built-in tools: size cap, binary detection, clear failures.</summary>
internal static class TextFiles
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryRead(IWorkspaceSandbox sandbox, string path, int maxKb, out string fullPath, out string text, [NotNullWhen(false)] out string? error)
    {
        text = string.Empty;
        if (!sandbox.TryResolvePath(path, out fullPath, out var violation))
        {
            error = $"Sandbox violation: '{path}' {violation}";
            return false;
        }

        return TryReadResolved(fullPath, path, maxKb, out text, out error);
    }

    /// <summary>Reads a path the sandbox has already resolved; <paramref name="path"/> is only for messages.</summary>
    public static bool TryReadResolved(string fullPath, string path, int maxKb, out string text, [NotNullWhen(false)] out string? error)
    {
        text = string.Empty;
        if (Directory.Exists(fullPath))
        {
            error = $"'{path}' is a directory; use list_dir";
            return false;
        }

        var info = new FileInfo(fullPath);
        if (!info.Exists)
        {
            error = $"'{path}' does not exist";
            return false;
        }

        if (info.Length > maxKb * 1024L)
        {
            error = $"'{path}' is {info.Length / 1024} KB, over the {maxKb} KB limit (FILE_MAX_READ_KB)";
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"'{path}' could not be read: {ex.Message}";
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
}
