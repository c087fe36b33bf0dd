using System.Text.Json.Nodes;

namespace Agent42.Tests.Core.Models.Catalog;

/// <summary>One scripted answer of the fake OpenRouter's chat endpoint, in the real wire format.</summary>
internal sealed record ScriptedAnswer(int Status, string Body, Dictionary<string, string>? Headers = null, bool Hang = false)
{
    /// <summary>Writes the body itself instead of <see cref="Body"/>, for answers too big to hold.</summary>
    public Func<Microsoft.AspNetCore.Http.HttpResponse, CancellationToken, Task>? Write { get; init; }

    /// <summary>
    /// The event stream to send to a <c>"stream": true</c> request (as <c>text/event-stream</c>); without it such a request
    /// gets <see cref="Body"/> turned into its stream equivalent (<see cref="CompletionAsStream"/>) when it is a completion.
    /// </summary>
    public Func<SseWriter, Task>? Stream { get; init; }

    /// <summary>A streamed answer in the given pieces of text, ended normally.</summary>
    public static ScriptedAnswer Streamed(params string[] pieces) => Streamed(pieces, 12, 5);

    public static ScriptedAnswer Streamed(string[] pieces, int promptTokens, int completionTokens) => new(200, string.Empty)
    {
        Stream = async writer =>
        {
            await writer.KeepAliveAsync();
            foreach (var piece in pieces)
            {
                await writer.TextAsync(piece);
            }

            await writer.EndAsync("stop", promptTokens, completionTokens);
        },
    };

    /// <summary>
    /// A stream that sends <paramref name="before"/>, then holds (keep-alives aside) until <paramref name="release"/>
    /// completes, then sends <paramref name="after"/> and ends: the test decides when the rest comes, never a clock.
    /// </summary>
    public static ScriptedAnswer Held(string[] before, Task release, string[] after) => new(200, string.Empty)
    {
        Stream = async writer =>
        {
            foreach (var piece in before)
            {
                await writer.TextAsync(piece);
            }

            await writer.KeepAliveAsync();
            await release.WaitAsync(writer.Aborted);
            foreach (var piece in after)
            {
                await writer.TextAsync(piece);
            }

            await writer.EndAsync();
        },
    };

    /// <summary>
    /// A stream that sends <paramref name="pieces"/> and then breaks off without <c>[DONE]</c>: the connection dropped
    /// (<paramref name="abort"/>), or the body ended cleanly but early.
    /// </summary>
    public static ScriptedAnswer Broken(bool abort, params string[] pieces) => Broken(null, abort, pieces);

    /// <summary>
    /// As <see cref="Broken(bool, string[])"/>, but the break waits for <paramref name="heldUntil"/>: a test that must see
    /// the first pieces arrive releases it then, as a reset may otherwise discard them unread.
    /// </summary>
    public static ScriptedAnswer Broken(Task? heldUntil, bool abort, params string[] pieces) => new(200, string.Empty)
    {
        Stream = async writer =>
        {
            foreach (var piece in pieces)
            {
                await writer.TextAsync(piece);
            }

            if (heldUntil is not null)
            {
                await heldUntil.WaitAsync(writer.Aborted);
            }

            if (abort)
            {
                writer.Abort();
            }
        },
    };

    /// <summary>
    /// A stream that sends <paramref name="pieces"/>, then OpenRouter's mid-stream error: an <c>error</c> object and a
    /// choice finished with <c>"error"</c> in one chunk (<paramref name="withErrorObject"/> false: the finish reason alone).
    /// </summary>
    public static ScriptedAnswer ErrorMidStream(string[] pieces, JsonNode? code, string message, bool withErrorObject = true) => new(200, string.Empty)
    {
        Stream = async writer =>
        {
            foreach (var piece in pieces)
            {
                await writer.TextAsync(piece);
            }

            var extra = withErrorObject ? new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } } : null;
            await writer.ChunkAsync(new JsonObject { ["content"] = string.Empty }, "error", extra);
            await writer.DoneAsync();
        },
    };

    /// <summary>
    /// A stream that sends <paramref name="pieces"/>, then only <paramref name="keepAlives"/> keep-alive comments, then
    /// nothing until the client hangs up: a stall.
    /// </summary>
    public static ScriptedAnswer Stalling(int keepAlives, params string[] pieces) => new(200, string.Empty)
    {
        Stream = async writer =>
        {
            foreach (var piece in pieces)
            {
                await writer.TextAsync(piece);
            }

            for (var i = 0; i < keepAlives; i++)
            {
                await writer.KeepAliveAsync();
            }

            await Task.Delay(Timeout.Infinite, writer.Aborted);
        },
    };

    /// <summary>Exactly <paramref name="text"/> as the body of a <c>text/event-stream</c> answer.</summary>
    public static ScriptedAnswer RawStream(string text) => new(200, string.Empty) { Stream = writer => writer.RawAsync(text) };

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
