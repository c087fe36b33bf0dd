using System.Text.Json.Nodes;

namespace Agent42.Tests.Core.Models.Catalog;

/// <summary>One scripted answer of the fake OpenRouter's chat endpoint, in the real wire format.</summary>
internal sealed record ScriptedAnswer(int Status, string Body, Dictionary<string, string>? Headers = null, bool Hang = false)
{
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
