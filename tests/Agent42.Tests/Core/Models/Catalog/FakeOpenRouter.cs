using Agent42.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Agent42.Tests.Core.Models.Catalog;

/// <summary>
/// A local stand-in for OpenRouter on 127.0.0.1 that answers <c>GET /api/v1/models</c> with whatever the test
/// sets: a catalog body, an HTTP error, garbage, or no answer at all.
/// </summary>
internal sealed class FakeOpenRouter : IAsyncDisposable
{
    private LocalHttpServer? _server;

    public string ModelsBody { get; set; } = """{"data":[]}""";

    public int Status { get; set; } = 200;

    public bool Hang { get; set; }

    public int Requests { get; private set; }

    public string BaseUrl => new Uri(_server!.BaseAddress, "api/v1").ToString();

    public static async Task<FakeOpenRouter> StartAsync()
    {
        var fake = new FakeOpenRouter();
        fake._server = await LocalHttpServer.StartAsync(app => app.MapGet("/api/v1/models", fake.AnswerAsync));
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
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
