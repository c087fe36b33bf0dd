using System.Text.Json;
using System.Text.Json.Nodes;

namespace Agent42.Tests.Core.Models.Catalog;

/// <summary>
/// Turns a scripted chat completion (a JSON body) into the event stream OpenRouter would send for the same answer
/// to a <c>"stream": true</c> request, so a test scripted with completions runs unchanged over the streaming path:
/// a keep-alive, the role, the text in pieces, each tool call as its id and name then its arguments in two parts,
/// the finish reason, the usage and <c>[DONE]</c>.
/// </summary>
internal static class CompletionAsStream
{
    /// <summary>Past this many tool calls they are sent whole in one chunk rather than in parts.</summary>
    private const int ManyCalls = 16;

    /// <summary>The stream for <paramref name="body"/>, or null when it is not a usable completion (an error, garbage, no choices), which goes out as it is.</summary>
    public static Func<SseWriter, Task>? For(string body)
    {
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (root?["choices"] is not JsonArray { Count: > 0 } choices || choices[0]?["message"] is not JsonObject message)
        {
            return null;
        }

        var content = message["content"]?.GetValueKind() == JsonValueKind.String ? message["content"]!.GetValue<string>() : null;
        var calls = message["tool_calls"] as JsonArray;
        if (content is null && calls is not { Count: > 0 })
        {
            return null;
        }

        var finish = choices[0]!["finish_reason"]?.GetValue<string>() ?? "stop";
        var prompt = root["usage"]?["prompt_tokens"]?.GetValue<int>() ?? 0;
        var completion = root["usage"]?["completion_tokens"]?.GetValue<int>() ?? 0;
        return async writer =>
        {
            await writer.KeepAliveAsync();
            await writer.ChunkAsync(new JsonObject { ["role"] = "assistant", ["content"] = string.Empty });
            foreach (var piece in Pieces(content ?? string.Empty, 3))
            {
                await writer.TextAsync(piece);
            }

            // A local: the same script may be sent again (a default answer), so the captured list is left as it is.
            var parts = calls;
            if (parts is { Count: > ManyCalls })
            {
                // Thousands of calls (the tool-call caps' tests): whole, in one chunk, so the stream stays about the
                // completion's size and under the response cap as the completion was.
                await writer.ChunkAsync(new JsonObject
                {
                    ["tool_calls"] = new JsonArray(parts.Select((call, i) =>
                    {
                        var whole = call!.DeepClone().AsObject();
                        whole["index"] = i;
                        return (JsonNode)whole;
                    }).ToArray()),
                });
                parts = null;
            }

            for (var i = 0; i < (parts?.Count ?? 0); i++)
            {
                var call = parts![i]!;
                var arguments = call["function"]?["arguments"]?.GetValue<string>() ?? string.Empty;
                await writer.ChunkAsync(ToolCallDelta(new JsonObject
                {
                    ["index"] = i,
                    ["id"] = call["id"]?.GetValue<string>(),
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = call["function"]?["name"]?.GetValue<string>(), ["arguments"] = string.Empty },
                }));
                foreach (var part in Pieces(arguments, 2))
                {
                    await writer.ChunkAsync(ToolCallDelta(new JsonObject { ["index"] = i, ["function"] = new JsonObject { ["arguments"] = part } }));
                }
            }

            await writer.EndAsync(finish, prompt, completion);
        };
    }

    private static JsonObject ToolCallDelta(JsonObject call) => new() { ["tool_calls"] = new JsonArray(call) };

    /// <summary>Up to <paramref name="count"/> non-empty pieces that join to <paramref name="text"/>, never splitting a surrogate pair.</summary>
    public static IEnumerable<string> Pieces(string text, int count)
    {
        var size = Math.Max(1, (text.Length + count - 1) / count);
        for (var start = 0; start < text.Length;)
        {
            var end = Math.Min(text.Length, start + size);
            if (end < text.Length && char.IsHighSurrogate(text[end - 1]))
            {
                end++;
            }

            yield return text[start..end];
            start = end;
        }
    }
}
