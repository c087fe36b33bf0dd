using System.Text.Json;
using System.Text.Json.Nodes;
using Agent42.Core.Models.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Agent42.Bench;

/// <summary>
/// A stand-in for OpenRouter on 127.0.0.1 that speaks its wire format: <c>/api/v1/models</c> serves the shipped
/// real catalog, and <c>/api/v1/chat/completions</c> answers like a small, willing model (it lists the workspace
/// once when it has tools, then answers, streamed when asked) and a critic (it approves, with a score). For demonstrating a full
/// <c>agent42 run</c> on a machine that cannot reach OpenRouter; tests use their own scripted fake.
/// </summary>
internal static class FakeOpenRouterServer
{
    public static async Task<int> RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/api/v1/models", async (HttpContext context) =>
        {
            using var stream = typeof(ModelCatalogSnapshot).Assembly.GetManifestResourceStream(ModelCatalogSnapshot.ResourceName)!;
            context.Response.ContentType = "application/json";
            await stream.CopyToAsync(context.Response.Body);
        });
        app.MapPost("/api/v1/chat/completions", async (HttpContext context) =>
        {
            var request = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            var answer = Answer(request);
            if (request["stream"]?.GetValue<bool>() == true)
            {
                await StreamAsync(context, answer);
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.ToJsonString());
        });
        Console.Error.WriteLine($"fake OpenRouter listening on http://127.0.0.1:{port}/api/v1 (Ctrl+C to stop)");
        await app.RunAsync();
        return 0;
    }

    private static JsonObject Answer(JsonObject request)
    {
        var messages = request["messages"]!.AsArray();
        var system = messages.FirstOrDefault(m => m!["role"]!.GetValue<string>() == "system")?["content"]?.ToString() ?? string.Empty;
        var model = request["model"]!.GetValue<string>();
        if (system.Contains("You review", StringComparison.Ordinal))
        {
            return Completion(model, Text("APPROVED\nVivid images, and the 5-7-5 form holds.\nSCORE: 0.86"), 96, 18);
        }

        var hasTools = request["tools"] is JsonArray { Count: > 0 } tools && tools.Any(t => t!["function"]!["name"]!.GetValue<string>() == "list_dir");
        var usedTool = messages.Any(m => m!["role"]!.GetValue<string>() == "tool");
        if (hasTools && !usedTool)
        {
            var call = new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = null,
                ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["id"] = "call_1",
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = "list_dir", ["arguments"] = "{\"path\":\".\"}" },
                }),
            };
            return Completion(model, call, 412, 21, "tool_calls");
        }

        return Completion(model, Text("Tokens fall like rain,\nparsers weave a patient tree,\nbinaries awake."), 530, 24);
    }

    /// <summary>The same answer as OpenRouter streams it: a keep-alive, the text word by word, the call, the finish and usage, [DONE].</summary>
    private static async Task StreamAsync(HttpContext context, JsonObject completion)
    {
        context.Response.ContentType = "text/event-stream";
        var choice = completion["choices"]![0]!;
        var message = choice["message"]!;
        async Task SendAsync(string line)
        {
            await context.Response.WriteAsync(line + "\n\n");
            await context.Response.Body.FlushAsync();
        }

        JsonObject Chunk(JsonObject? delta, string? finish) => new()
        {
            ["id"] = completion["id"]!.GetValue<string>(),
            ["object"] = "chat.completion.chunk",
            ["model"] = completion["model"]!.GetValue<string>(),
            ["choices"] = delta is null ? new JsonArray() : new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };

        await SendAsync(": OPENROUTER PROCESSING");
        foreach (var word in System.Text.RegularExpressions.Regex.Split(message["content"]?.GetValue<string>() ?? string.Empty, @"(?<=\s)"))
        {
            if (word.Length > 0)
            {
                await SendAsync("data: " + Chunk(new JsonObject { ["content"] = word }, null).ToJsonString());
            }
        }

        if (message["tool_calls"] is JsonArray calls)
        {
            var call = calls[0]!.DeepClone().AsObject();
            call["index"] = 0;
            await SendAsync("data: " + Chunk(new JsonObject { ["tool_calls"] = new JsonArray(call) }, null).ToJsonString());
        }

        await SendAsync("data: " + Chunk(new JsonObject(), choice["finish_reason"]!.GetValue<string>()).ToJsonString());
        var usage = Chunk(null, null);
        usage["usage"] = completion["usage"]!.DeepClone();
        await SendAsync("data: " + usage.ToJsonString());
        await SendAsync("data: [DONE]");
    }

    private static JsonObject Text(string content) => new() { ["role"] = "assistant", ["content"] = content };

    private static JsonObject Completion(string model, JsonObject message, int prompt, int completion, string finish = "stop") => new()
    {
        ["id"] = "gen-" + Guid.NewGuid().ToString("N")[..12],
        ["object"] = "chat.completion",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = prompt, ["completion_tokens"] = completion, ["total_tokens"] = prompt + completion },
    };
}
