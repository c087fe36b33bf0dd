using ModelContextProtocol.Client;

namespace Agent42.Core.Mcp;

/// <summary>Says, in one clause, why a server's attempt ended.</summary>
internal static class McpFailure
{
    public static string Describe(Exception exception, int initTimeoutSeconds) => exception switch
    {
        TimeoutException t => t.Message,
        OperationCanceledException => $"did not finish starting within {initTimeoutSeconds} s (MCP_INIT_TIMEOUT_SECONDS)",
        ClientTransportClosedException closed => Ended(closed.Details),
        System.ComponentModel.Win32Exception w => $"could not be started: {w.Message}",
        // A process that exits at once can fail the first write before its exit is seen.
        _ when Chain(exception).Any(e => e is IOException) => "closed the connection before answering initialize (it exited, or is not an MCP server): " + Flatten(exception),
        _ => Flatten(exception),
    };

    public static string Ended(ClientCompletionDetails details) => details switch
    {
        StdioClientCompletionDetails { ExitCode: { } code } => $"exited with code {code}",
        { Exception: { } ex } => "the session ended: " + Flatten(ex),
        _ => "the session ended",
    };

    public static async Task DisposeQuietlyAsync(McpClient client)
    {
        try
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The session is over either way; its process was killed by the transport.
        }
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static string Flatten(Exception exception)
    {
        var messages = new List<string>();
        for (var e = exception; e is not null && messages.Count < 3; e = e.InnerException)
        {
            if (!messages.Contains(e.Message, StringComparer.Ordinal))
            {
                messages.Add(e.Message);
            }
        }

        return string.Join(": ", messages).ReplaceLineEndings(" ");
    }
}
