using System.Text.Json;
using System.Text.Json.Nodes;
using Agent42.Core.Models.Providers;
using Agent42.Tests.Core.Models.Catalog;
using Agent42.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Models.Providers;

/// <summary>
/// The real chat path (Microsoft.Extensions.AI over the OpenAI client over HTTP) against a fake OpenRouter on
/// 127.0.0.1 that answers in OpenRouter's wire format, including each kind of failure.
/// </summary>
public sealed class ChatClientFactoryTests : IAsyncDisposable
{
    private FakeOpenRouter? _server;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task<IChatClient> CreateSutAsync(TimeProvider? time = null, int timeoutSeconds = 30, int maxResponseKb = 1024)
    {
        _server = await FakeOpenRouter.StartAsync();
        var endpoint = new ModelEndpoint(new Uri(_server.BaseUrl + "/"), "sk-test", TimeSpan.FromSeconds(timeoutSeconds));
        return new ChatClientFactory(time ?? TimeProvider.System, new ModelCallOptions { MaxResponseKb = maxResponseKb }).Create(endpoint, "acme/rocket:free");
    }

    [Test]
    public async Task AText_Answer_ComesBackWithUsage_AndTheKeyIsSent()
    {
        var sut = await CreateSutAsync();
        _server!.ChatAnswers.Enqueue(ScriptedAnswer.Text("Compilers dream in trees", 30, 7));

        var response = await sut.GetResponseAsync("write a haiku about compilers");

        _server.ChatRequests.TryDequeue(out var request);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Multiple(() =>
        {
            Assert.That(response.Text, Is.EqualTo("Compilers dream in trees"));
            Assert.That(response.Usage?.InputTokenCount, Is.EqualTo(30));
            Assert.That(response.Usage?.OutputTokenCount, Is.EqualTo(7));
            Assert.That(request.Authorization, Is.EqualTo("Bearer sk-test"));
            Assert.That(body.RootElement.GetProperty("model").GetString(), Is.EqualTo("acme/rocket:free"));
        });
    }

    [Test]
    public async Task AToolCall_IsParsed_AndTheToolSchemasWereSent()
    {
        var sut = await CreateSutAsync();
        _server!.ChatAnswers.Enqueue(ScriptedAnswer.ToolCall("call_1", "read_file", """{"path":"README.md"}"""));
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}""").RootElement;
        var tool = AIFunctionFactory.CreateDeclaration("read_file", "Read a file.", schema);

        var response = await sut.GetResponseAsync("read the readme", new ChatOptions { Tools = [tool] });

        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        _server.ChatRequests.TryDequeue(out var request);
        using var body = JsonDocument.Parse(request.Body);
        var sent = body.RootElement.GetProperty("tools")[0].GetProperty("function");
        Assert.Multiple(() =>
        {
            Assert.That(call.Name, Is.EqualTo("read_file"));
            Assert.That(call.CallId, Is.EqualTo("call_1"));
            Assert.That(call.Arguments!["path"]?.ToString(), Is.EqualTo("README.md"));
            Assert.That(sent.GetProperty("name").GetString(), Is.EqualTo("read_file"));
            Assert.That(sent.GetProperty("parameters").GetProperty("required")[0].GetString(), Is.EqualTo("path"));
        });
    }

    private static IEnumerable<TestCaseData> Failures()
    {
        yield return new TestCaseData(ScriptedAnswer.Error(429, "Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day",
                new JsonObject { ["headers"] = new JsonObject { ["X-RateLimit-Limit"] = "50", ["X-RateLimit-Remaining"] = "0", ["X-RateLimit-Reset"] = "1777680000000" } }),
            ModelFailureKind.AccountQuota).SetName("429 account quota");
        yield return new TestCaseData(ScriptedAnswer.Error(429, "Rate limit exceeded: free-models-per-min.",
                headers: new Dictionary<string, string> { ["Retry-After"] = "20" }),
            ModelFailureKind.PoolRateLimit).SetName("429 per-minute pool limit");
        yield return new TestCaseData(ScriptedAnswer.Error(429, "Provider returned error",
                new JsonObject { ["raw"] = "acme/rocket:free is temporarily rate-limited upstream", ["provider_name"] = "Chutes" }),
            ModelFailureKind.ModelRateLimit).SetName("429 upstream model limit");
        yield return new TestCaseData(ScriptedAnswer.Error(404, "No endpoints found that support tool use. To learn more about provider routing, visit: https://openrouter.ai/docs/provider-routing"),
            ModelFailureKind.NoToolSupport).SetName("404 no tool support");
        yield return new TestCaseData(ScriptedAnswer.Error(404, "No endpoints found for acme/rocket:free."), ModelFailureKind.ModelGone).SetName("404 model gone");
        yield return new TestCaseData(ScriptedAnswer.Error(402, "Insufficient credits"), ModelFailureKind.NoCredits).SetName("402 no credits");
        yield return new TestCaseData(ScriptedAnswer.Error(502, "Provider returned error"), ModelFailureKind.ServerError).SetName("502 provider down");
        yield return new TestCaseData(ScriptedAnswer.Error(503, "No available provider"), ModelFailureKind.ServerError).SetName("503 no provider");
        yield return new TestCaseData(ScriptedAnswer.Error(400, "messages: field required"), ModelFailureKind.BadRequest).SetName("400 bad request");
        yield return new TestCaseData(ScriptedAnswer.Error(401, "No auth credentials found"), ModelFailureKind.Unauthorized).SetName("401 bad key");
        yield return new TestCaseData(new ScriptedAnswer(200, """{"error":{"code":502,"message":"Upstream error after generation started"}}"""),
            ModelFailureKind.ServerError).SetName("200 with an error body");
        yield return new TestCaseData(new ScriptedAnswer(200, "<html>Bad Gateway</html>"), ModelFailureKind.Malformed).SetName("200 with malformed JSON");
        yield return new TestCaseData(new ScriptedAnswer(200, """{"id":"gen-1","object":"chat.completion"}"""), ModelFailureKind.Malformed).SetName("200 without choices");
        yield return new TestCaseData(new ScriptedAnswer(200, """{"choices": []}"""), ModelFailureKind.Malformed).SetName("200 with empty choices");
        yield return new TestCaseData(new ScriptedAnswer(200, """{"choices": [{"index":0,"finish_reason":"stop"}]}"""), ModelFailureKind.Malformed)
            .SetName("200 with a choice without a message");
        yield return new TestCaseData(new ScriptedAnswer(200, """{"choices": [{"index":0,"message":{"role":"assistant","content":null}}]}"""),
            ModelFailureKind.Malformed).SetName("200 with null content and no tool calls");
        yield return new TestCaseData(new ScriptedAnswer(200, """{"choices": [{"index":0,"message":{"role":"assistant","tool_calls":[]}}]}"""),
            ModelFailureKind.Malformed).SetName("200 with no content and an empty tool call list");
    }

    [TestCaseSource(nameof(Failures))]
    public async Task EachFailure_IsClassified(object answer, object expected)
    {
        // Parameters are object because the scripted answer and the kind are internal types.
        var sut = await CreateSutAsync();
        _server!.ChatAnswers.Enqueue((ScriptedAnswer)answer);

        var failure = Assert.ThrowsAsync<ModelCallException>(() => sut.GetResponseAsync("hi"));

        Assert.That(failure!.Kind, Is.EqualTo((ModelFailureKind)expected), failure.Message);
    }

    [TestCase(false, TestName = "A 100 MB answer of unannounced length is cut off at the cap while it is read")]
    [TestCase(true, TestName = "A 100 MB answer, announced, is refused before its body is read")]
    public async Task AHugeAnswer_FailsAsMalformed_AtTheCap_WithoutBeingReadWhole(bool announceLength)
    {
        using var server = new FloodingHttpServer(100L * 1024 * 1024, announceLength);
        var sut = new ChatClientFactory(TimeProvider.System, new ModelCallOptions())
            .Create(new ModelEndpoint(server.BaseUrl, "sk-test", TimeSpan.FromSeconds(60)), "acme/rocket:free");

        var failure = Assert.ThrowsAsync<ModelCallException>(() => sut.GetResponseAsync("hi"));
        await server.Finished.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Kind, Is.EqualTo(ModelFailureKind.Malformed));
            Assert.That(failure.Message, Does.Contain("than MODEL_MAX_RESPONSE_KB allows (1024 KB)"));
            // The server's writes fail once the client hangs up: what got out is the cap plus the sockets' buffers.
            Assert.That(server.Sent, Is.LessThan(32L * 1024 * 1024), "the client read far past its cap");
        });
    }

    [Test]
    public async Task AnAnswerUnderTheCap_IsReadWhole()
    {
        var sut = await CreateSutAsync(maxResponseKb: 64);
        var text = new string('y', 40 * 1024);
        _server!.ChatAnswers.Enqueue(ScriptedAnswer.Text(text));

        var response = await sut.GetResponseAsync("hi");

        Assert.That(response.Text, Is.EqualTo(text));
    }

    [Test]
    public async Task TheAccountQuota_CarriesItsResetTime_AndThePoolLimitItsRetryAfter()
    {
        var sut = await CreateSutAsync();
        _server!.ChatAnswers.Enqueue((ScriptedAnswer)Failures().First().Arguments[0]!);
        _server.ChatAnswers.Enqueue((ScriptedAnswer)Failures().Skip(1).First().Arguments[0]!);

        var quota = Assert.ThrowsAsync<ModelCallException>(() => sut.GetResponseAsync("hi"));
        var pool = Assert.ThrowsAsync<ModelCallException>(() => sut.GetResponseAsync("hi"));

        Assert.Multiple(() =>
        {
            Assert.That(quota!.ResetAt, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1777680000000)));
            Assert.That(pool!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(20)));
        });
    }

    [Test]
    public async Task TheUpstreamLimit_NamesTheProvider()
    {
        var sut = await CreateSutAsync();
        _server!.ChatAnswers.Enqueue((ScriptedAnswer)Failures().Skip(2).First().Arguments[0]!);

        var failure = Assert.ThrowsAsync<ModelCallException>(() => sut.GetResponseAsync("hi"));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.ProviderName, Is.EqualTo("Chutes"));
            Assert.That(failure.Message, Does.Contain("rate-limited upstream"));
        });
    }

    [Test]
    public async Task AHang_TimesOut()
    {
        var time = new FakeTimeProvider();
        var sut = await CreateSutAsync(time, timeoutSeconds: 10);
        _server!.ChatAnswers.Enqueue(new ScriptedAnswer(200, "{}", Hang: true));

        var call = sut.GetResponseAsync("hi");
        for (var i = 0; i < 2000 && !call.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(11));
            await Task.Delay(2);
        }

        var failure = Assert.ThrowsAsync<ModelCallException>(() => call);
        Assert.That(failure!.Kind, Is.EqualTo(ModelFailureKind.Timeout));
    }

    [Test]
    public void AnEndpointThatDoesNotListen_IsUnreachable()
    {
        var sut = new ChatClientFactory(TimeProvider.System).Create(new ModelEndpoint(new Uri("http://127.0.0.1:1/v1/"), null, TimeSpan.FromSeconds(5)), "m");

        var failure = Assert.ThrowsAsync<ModelCallException>(() => sut.GetResponseAsync("hi"));

        Assert.That(failure!.Kind, Is.EqualTo(ModelFailureKind.Unreachable));
    }
}
