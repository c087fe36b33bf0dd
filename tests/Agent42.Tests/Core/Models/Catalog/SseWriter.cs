using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Agent42.Tests.Core.Models.Catalog;

/// <summary>
/// Writes OpenRouter's event stream for the fake server: <c>data: {chat.completion.chunk}</c> events, keep-alive
/// comments, <c>data: [DONE]</c>; every write is flushed at once, so the client sees each piece as it is written.
/// </summary>
internal sealed class SseWriter(HttpContext context)
{
    private readonly string _id = "gen-" + Guid.NewGuid().ToString("N")[..12];

    public CancellationToken Aborted => context.RequestAborted;

    /// <summary>OpenRouter's keep-alive: a comment line, not data.</summary>
    public Task KeepAliveAsync() => RawAsync(": OPENROUTER PROCESSING\n\n");

    /// <summary>A chunk of answer text.</summary>
    public Task TextAsync(string text) => ChunkAsync(new JsonObject { ["content"] = text });

    /// <summary>A chunk whose choice carries <paramref name="delta"/>, and a finish reason when it is the last.</summary>
    public Task ChunkAsync(JsonObject delta, string? finishReason = null, JsonObject? extra = null)
    {
        var chunk = Chunk(new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = delta,
            ["finish_reason"] = finishReason,
            ["native_finish_reason"] = finishReason,
            ["logprobs"] = null,
        }));
        foreach (var (name, value) in extra ?? [])
        {
            chunk[name] = value?.DeepClone();
        }

        return DataAsync(chunk.ToJsonString());
    }

    /// <summary>The last chunk before [DONE] when usage was asked for: no choices, the whole request's usage.</summary>
    public Task UsageAsync(int promptTokens, int completionTokens)
    {
        var chunk = Chunk([]);
        chunk["usage"] = new JsonObject
        {
            ["prompt_tokens"] = promptTokens,
            ["completion_tokens"] = completionTokens,
            ["total_tokens"] = promptTokens + completionTokens,
        };
        return DataAsync(chunk.ToJsonString());
    }

    /// <summary>A normal end: the finish reason, the usage, then <c>data: [DONE]</c>.</summary>
    public async Task EndAsync(string finishReason = "stop", int promptTokens = 12, int completionTokens = 5)
    {
        await ChunkAsync(new JsonObject(), finishReason);
        await UsageAsync(promptTokens, completionTokens);
        await DoneAsync();
    }

    public Task DoneAsync() => RawAsync("data: [DONE]\n\n");

    public Task DataAsync(string data) => RawAsync($"data: {data}\n\n");

    public async Task RawAsync(string text)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    /// <summary>Drops the connection mid-answer, as a crashed provider would: no [DONE], no clean end of the body.</summary>
    public void Abort() => context.Abort();

    private JsonObject Chunk(JsonArray choices) => new()
    {
        ["id"] = _id,
        ["provider"] = "Fake",
        ["model"] = "scripted/model",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1777600000,
        ["choices"] = choices,
    };
}
