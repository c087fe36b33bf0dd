using System.Security.Cryptography;
using System.Text;

namespace Agent42.Core.Plugins.Sources;

/// <summary>
/// Reads a tool source with retries (an editor may be mid-write), rejecting files that are too large or not
/// UTF-8 with a reason a person can act on.
/// </summary>
internal sealed class PluginFileReader(int maxFileKb)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private const int Attempts = 4;

    public PluginReadResult Read(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return ReadOnce(path);
            }
            catch (FileNotFoundException)
            {
                return PluginReadResult.Missing;
            }
            catch (DirectoryNotFoundException)
            {
                return PluginReadResult.Missing;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                if (attempt == Attempts)
                {
                    return PluginReadResult.Failed($"could not be read: {ex.Message}");
                }

                // A writer holds the file: wait briefly and try again (the read is synchronous, so it blocks).
                Task.Delay(TimeSpan.FromMilliseconds(15 * attempt), TimeProvider.System).Wait();
            }
        }
    }

    private PluginReadResult ReadOnce(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var limit = maxFileKb * 1024L;
        if (stream.Length > limit)
        {
            return PluginReadResult.Failed($"is {stream.Length / 1024} KB, over the {maxFileKb} KB limit (PLUGIN_MAX_FILE_KB)");
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        var hash = Convert.ToHexString(SHA256.HashData(bytes));
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            return PluginReadResult.Failed($"is not UTF-8 text (invalid byte at offset {ex.Index}); save it as UTF-8");
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        return PluginReadResult.Read(new PluginSourceFile(path, text, hash, bytes.Length));
    }
}
