using System.Collections.Concurrent;
using Agent42.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Agent42.Tests.Core.Models.Catalog;

/// <summary>
/// A local stand-in for OpenRouter on 127.0.0.1 that answers <c>GET /api/v1/models</c> with whatever the test
/// sets: a catalog body, an HTTP error, garbage, or no answer at all. Chat calls get the scripted answers; a call with
/// <c>"stream": true</c> gets them as OpenRouter's event stream (<see cref="ScriptedAnswer.Stream"/>).
/// </summary>
internal sealed class FakeOpenRouter : IAsyncDisposable
{
    private LocalHttpServer? _server;

    public string ModelsBody { get; set; } = """{"data":[]}""";

    public int Status { get; set; } = 200;

    public bool Hang { get; set; }

    public int Requests { get; private set; }

    /// <summary>Answers to chat calls, in order; a call with none left gets <see cref="DefaultChatAnswer"/>, or a 500.</summary>
    public ConcurrentQueue<ScriptedAnswer> ChatAnswers { get; } = new();

    /// <summary>The answer to every chat call once <see cref="ChatAnswers"/> is empty, for many runs alike.</summary>
    public ScriptedAnswer? DefaultChatAnswer { get; set; }

    /// <summary>The bodies of the chat calls received, with the authorization header.</summary>
    public ConcurrentQueue<(string Body, string? Authorization)> ChatRequests { get; } = new();

    public string BaseUrl => new Uri(_server!.BaseAddress, "api/v1").ToString();

    public static async Task<FakeOpenRouter> StartAsync()
    {
        var fake = new FakeOpenRouter();
        fake._server = await LocalHttpServer.StartAsync(app =>
        {
            app.MapGet("/api/v1/models", fake.AnswerAsync);
            app.MapPost("/api/v1/chat/completions", fake.AnswerChatAsync);
        });
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task AnswerChatAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        ChatRequests.Enqueue((body, context.Request.Headers.Authorization.FirstOrDefault()));
        if (!ChatAnswers.TryDequeue(out var answer) && (answer = DefaultChatAnswer) is null)
        {
            await LocalHttpServer.WriteAsync(context, 500, """{"error":{"code":500,"message":"no scripted answer"}}""", "application/json");
            return;
        }

        if (answer.Hang)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }

        foreach (var (name, value) in answer.Headers ?? [])
        {
            context.Response.Headers[name] = value;
        }

        var stream = answer.Stream ?? (answer.Write is null && answer.Status == 200 ? CompletionAsStream.For(answer.Body) : null);
        if (stream is not null && IsStreamRequest(body))
        {
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            try
            {
                await stream(new SseWriter(context));
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                // The client hung up (a stall it gave up on, or a stream it broke off): nothing more to send.
            }

            return;
        }

        if (answer.Write is not null)
        {
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = "application/json";
            await answer.Write(context.Response, context.RequestAborted);
            return;
        }

        await LocalHttpServer.WriteAsync(context, answer.Status, answer.Body, "application/json");
    }

    private static bool IsStreamRequest(string body)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("stream", out var stream) && stream.ValueKind == System.Text.Json.JsonValueKind.True;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        Requests++;
        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }

        await LocalHttpServer.WriteAsync(context, Status, ModelsBody, "application/json");
    }
}
