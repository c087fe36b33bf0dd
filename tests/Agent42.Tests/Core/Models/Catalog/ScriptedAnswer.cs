using System.Text.Json.Nodes;

namespace Agent42.Tests.Core.Models.Catalog;

/// <summary>One scripted answer of the fake OpenRouter's chat endpoint, in the real wire format.</summary>
internal sealed record ScriptedAnswer(int Status, string Body, Dictionary<string, string>? Headers = null, bool Hang = false)
{
    /// <summary>Writes the body itself instead of <see cref="Body"/>, for answers too big to hold.</summary>
    public Func<Microsoft.AspNetCore.Http.HttpResponse, CancellationToken, Task>? Write { get; init; }

    /// <summary>
    /// A completion whose text runs to <paramref name="bytes"/>, written 64 KB at a time and never held whole;
    /// <paramref name="finished"/> completes when the server stops writing (the end, or the client hanging up).
    /// </summary>
    public static ScriptedAnswer Huge(long bytes, bool announceLength, TaskCompletionSource finished)
    {
        var head = System.Text.Encoding.UTF8.GetBytes("{\"id\":\"gen-huge\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"");
        var tail = System.Text.Encoding.UTF8.GetBytes("\"},\"finish_reason\":\"stop\"}]}");
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        return new ScriptedAnswer(200, string.Empty)
        {
            Write = async (response, cancellationToken) =>
            {
                try
                {
                    var total = head.Length + bytes + tail.Length;
                    if (announceLength)
                    {
                        response.ContentLength = total;
                    }

                    await response.Body.WriteAsync(head, cancellationToken);
                    // Kestrel turns writes after the client hung up into no-ops: stop at the abort instead.
                    for (long left = bytes; left > 0 && !cancellationToken.IsCancellationRequested; left -= chunk.Length)
                    {
                        await response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)), cancellationToken);
                    }

                    await response.Body.WriteAsync(tail, cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
                {
                    // The client hung up, as it should past its cap.
                }
                finally
                {
                    finished.TrySetResult();
                }
            },
        };
    }

    public static ScriptedAnswer Text(string content, int promptTokens = 12, int completionTokens = 5) => new(200, Completion(
        new JsonObject { ["role"] = "assistant", ["content"] = content }, "stop", promptTokens, completionTokens));

    public static ScriptedAnswer ToolCall(string id, string name, string argumentsJson) => new(200, Completion(
        new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = null,
            ["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = name, ["arguments"] = argumentsJson },
            }),
        },
        "tool_calls", 20, 8));

    public static ScriptedAnswer Error(int status, string message, JsonObject? metadata = null, Dictionary<string, string>? headers = null)
    {
        var error = new JsonObject { ["code"] = status, ["message"] = message };
        if (metadata is not null)
        {
            error["metadata"] = metadata;
        }

        return new ScriptedAnswer(status, new JsonObject { ["error"] = error }.ToJsonString(), headers);
    }

    private static string Completion(JsonObject message, string finishReason, int promptTokens, int completionTokens) => new JsonObject
    {
        ["id"] = "gen-" + Guid.NewGuid().ToString("N")[..12],
        ["object"] = "chat.completion",
        ["created"] = 1777600000,
        ["model"] = "scripted/model",
        ["provider"] = "Fake",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = message,
            ["finish_reason"] = finishReason,
            ["native_finish_reason"] = finishReason,
        }),
        ["usage"] = new JsonObject
        {
            ["prompt_tokens"] = promptTokens,
            ["completion_tokens"] = completionTokens,
            ["total_tokens"] = promptTokens + completionTokens,
        },
    }.ToJsonString();
}
