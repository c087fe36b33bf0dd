using System.Net;
using System.Net.Sockets;
using System.Text;
using Agent42.Core.Http;
using Agent42.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Http;

/// <summary>The bounded fetch against a real Kestrel server on 127.0.0.1; time-outs run on a fake clock.</summary>
public sealed class BoundedHttpFetchTests : IAsyncDisposable
{
    private const int MaxBytes = 1000;
    private const int TimeoutSeconds = 5;

    private readonly FakeTimeProvider _time = new();
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly TaskCompletionSource _requestArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LocalHttpServer _server = null!;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
    }

    private BoundedHttpFetch CreateSut() =>
        new(_http, _time, TimeoutSeconds, "TEST_TIMEOUT_SECONDS", MaxBytes, "a test reads");

    private async Task ServeAsync()
    {
        _server = await LocalHttpServer.StartAsync(app => app.Run(async context =>
        {
            _requestArrived.TrySetResult();
            var aborted = context.RequestAborted;
            switch (context.Request.Path.Value)
            {
                case "/ok":
                    await LocalHttpServer.WriteAsync(context, 200, "fine, and you?");
                    break;
                case "/latin1":
                    context.Response.ContentType = "text/plain; charset=iso-8859-1";
                    await context.Response.Body.WriteAsync(Encoding.Latin1.GetBytes("café"), aborted);
                    break;
                case "/echo-key":
                    await LocalHttpServer.WriteAsync(context, 200, context.Request.Headers["x-api-key"].ToString());
                    break;
                case "/announced-too-large":
                    context.Response.ContentLength = MaxBytes + 1;
                    await context.Response.Body.WriteAsync(new byte[MaxBytes + 1], aborted);
                    break;
                case "/exactly-the-cap":
                    await context.Response.Body.WriteAsync(new byte[MaxBytes], aborted);
                    break;
                case "/endless-chunks":
                    // No Content-Length and no end: only a reader that counts as it goes stops this.
                    for (var sent = 0; sent < 64 * 1024 * 1024 && !aborted.IsCancellationRequested; sent += 100)
                    {
                        await context.Response.Body.WriteAsync(new byte[100], aborted);
                        await context.Response.Body.FlushAsync(aborted);
                    }

                    break;
                case "/hang-before-headers":
                    await Task.Delay(Timeout.Infinite, aborted);
                    break;
                case "/hang-mid-body":
                    await context.Response.Body.WriteAsync(new byte[10], aborted);
                    await context.Response.Body.FlushAsync(aborted);
                    await Task.Delay(Timeout.Infinite, aborted);
                    break;
                default:
                    await LocalHttpServer.WriteAsync(context, 503, "down for maintenance");
                    break;
            }
        }));
    }

    private static async Task<string> ProblemOf(Func<Task> fetch)
    {
        try
        {
            await fetch();
        }
        catch (HttpFetchException ex)
        {
            return ex.Message;
        }

        throw new AssertionException("the fetch succeeded");
    }

    [Test]
    public async Task GetString_OfA200_ReturnsTheBody()
    {
        await ServeAsync();

        var body = await CreateSut().GetStringAsync(_server.Url("ok"), null, CancellationToken.None);

        Assert.That(body, Is.EqualTo("fine, and you?"));
    }

    [Test]
    public async Task GetString_DecodesByTheCharsetTheServerNames()
    {
        await ServeAsync();

        var body = await CreateSut().GetStringAsync(_server.Url("latin1"), null, CancellationToken.None);

        Assert.That(body, Is.EqualTo("café"));
    }

    [Test]
    public async Task GetBytes_SendsTheGivenHeaders()
    {
        await ServeAsync();

        var body = await CreateSut().GetBytesAsync(_server.Url("echo-key"), new Dictionary<string, string> { ["x-api-key"] = "secret" },
            CancellationToken.None);

        Assert.That(Encoding.UTF8.GetString(body.Span), Is.EqualTo("secret"));
    }

    [Test]
    public async Task GetBytes_OfABodyExactlyAtTheCap_ReadsItAll()
    {
        await ServeAsync();

        var body = await CreateSut().GetBytesAsync(_server.Url("exactly-the-cap"), null, CancellationToken.None);

        Assert.That(body.Length, Is.EqualTo(MaxBytes));
    }

    [Test]
    public async Task Fetch_OfANon2xx_SaysTheStatus()
    {
        await ServeAsync();
        var uri = _server.Url("missing");

        var problem = await ProblemOf(() => CreateSut().GetStringAsync(uri, null, CancellationToken.None));

        Assert.That(problem, Is.EqualTo($"{uri} answered HTTP 503 Service Unavailable"));
    }

    [Test]
    public async Task Fetch_OfAnAnnouncedBodyOverTheCap_RefusesItByItsLength()
    {
        await ServeAsync();
        var uri = _server.Url("announced-too-large");

        var problem = await ProblemOf(() => CreateSut().GetBytesAsync(uri, null, CancellationToken.None));

        Assert.That(problem, Is.EqualTo($"{uri} sent 1001 bytes, more than a test reads"));
    }

    [Test]
    public async Task Fetch_OfAChunkedBodyWithoutEnd_StopsAtTheCap()
    {
        await ServeAsync();
        var uri = _server.Url("endless-chunks");

        var problem = await ProblemOf(() => CreateSut().GetStringAsync(uri, null, CancellationToken.None));

        Assert.That(problem, Is.EqualTo($"{uri} sent over 1000 bytes, more than a test reads"));
    }

    [TestCase("hang-before-headers")]
    [TestCase("hang-mid-body")]
    public async Task Fetch_WhenTheServerStalls_GivesUpAtTheTimeOutOnTheGivenClock(string path)
    {
        await ServeAsync();
        var uri = _server.Url(path);

        var fetch = CreateSut().GetBytesAsync(uri, null, CancellationToken.None);
        await _requestArrived.Task;
        _time.Advance(TimeSpan.FromSeconds(TimeoutSeconds));

        var problem = await ProblemOf(() => fetch);
        Assert.That(problem, Is.EqualTo($"{uri} did not answer within 5 s (TEST_TIMEOUT_SECONDS)"));
    }

    [Test]
    public async Task Fetch_CancelledByTheCaller_IsACancellation_NotAProblem()
    {
        await ServeAsync();
        using var cancel = new CancellationTokenSource();

        var fetch = CreateSut().GetBytesAsync(_server.Url("hang-before-headers"), null, cancel.Token);
        await _requestArrived.Task;
        await cancel.CancelAsync();

        Assert.That(async () => await fetch, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Fetch_WhenNothingListens_SaysItCouldNotBeReached()
    {
        await ServeAsync();
        var uri = new Uri($"http://127.0.0.1:{ClosedPort()}/catalog");

        var problem = await ProblemOf(() => CreateSut().GetBytesAsync(uri, null, CancellationToken.None));

        Assert.That(problem, Does.StartWith($"{uri} could not be reached: ").And.Contains("refused"));
    }

    /// <summary>A port that was free a moment ago and has nothing listening now, so a connection is refused.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
