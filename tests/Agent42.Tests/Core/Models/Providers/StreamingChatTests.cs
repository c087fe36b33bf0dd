using System.Text.Json;
using System.Text.Json.Nodes;
using Agent42.Core.Models.Providers;
using Agent42.Tests.Core.Models.Catalog;
using Microsoft.Extensions.AI;

namespace Agent42.Tests.Core.Models.Providers;

/// <summary>
/// The real streaming path (Microsoft.Extensions.AI's GetStreamingResponseAsync over the OpenAI client over HTTP)
/// against the fake OpenRouter answering in its event-stream wire format, broken in each way a provider breaks it.
/// </summary>
public sealed class StreamingChatTests : IAsyncDisposable
{
    private FakeOpenRouter? _server;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task<IChatClient> CreateSutAsync(int timeoutSeconds = 30, int idleSeconds = 30, int maxResponseKb = 1024)
    {
        _server = await FakeOpenRouter.StartAsync();
        var endpoint = new ModelEndpoint(new Uri(_server.BaseUrl + "/"), "sk-test", TimeSpan.FromSeconds(timeoutSeconds));
        return new ChatClientFactory(TimeProvider.System, new ModelCallOptions { MaxResponseKb = maxResponseKb, StreamIdleSeconds = idleSeconds })
            .Create(endpoint, "acme/rocket:free");
    }

    private static async Task<(List<string> Deltas, ChatResponse Response)> StreamAsync(IChatClient client, ChatOptions? options = null)
    {
        var deltas = new List<string>();
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("hi", options))
        {
            updates.Add(update);
            if (update.Text.Length > 0)
            {
                deltas.Add(update.Text);
            }
        }

        return (deltas, updates.ToChatResponse());
    }

    [Test]
    public async Task AStreamedAnswer_ArrivesInItsPieces_WithUsage_AndTheRequestAsksForAStreamWithUsage()
    {
        var sut = await CreateSutAsync();
        _server!.ChatAnswers.Enqueue(ScriptedAnswer.Streamed(["Compilers ", "dream ", "in trees"], 30, 7));

        var (deltas, response) = await StreamAsync(sut);

        _server.ChatRequests.TryDequeue(out var request);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Multiple(() =>
        {
            Assert.That(deltas, Is.EqualTo(new[] { "Compilers ", "dream ", "in trees" }));
            Assert.That(response.Text, Is.EqualTo("Compilers dream in trees"));
            Assert.That(response.Usage?.InputTokenCount, Is.EqualTo(30));
            Assert.That(response.Usage?.OutputTokenCount, Is.EqualTo(7));
            Assert.That(body.RootElement.GetProperty("stream").GetBoolean(), Is.True);
            Assert.That(body.RootElement.GetProperty("stream_options").GetProperty("include_usage").GetBoolean(), Is.True);
        });
    }

    [Test]
    public async Task AScriptedCompletion_IsStreamedAsItsEquivalent_ToolCallArgumentsAssembledFromTheirParts()
    {
        var sut = await CreateSutAsync();
        _server!.ChatAnswers.Enqueue(ScriptedAnswer.ToolCall("call_1", "read_file", """{"path":"README.md","lines":[1,20]}"""));
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"path":{"type":"string"}}}""").RootElement;

        var (_, response) = await StreamAsync(sut, new ChatOptions { Tools = [AIFunctionFactory.CreateDeclaration("read_file", "Read.", schema)] });

        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        Assert.Multiple(() =>
        {
            Assert.That((call.Name, call.CallId), Is.EqualTo(("read_file", "call_1")));
            Assert.That(call.Arguments!["path"]?.ToString(), Is.EqualTo("README.md"));
            Assert.That(response.Usage?.InputTokenCount, Is.EqualTo(20));
            Assert.That(response.FinishReason, Is.EqualTo(ChatFinishReason.ToolCalls));
        });
    }

    private static IEnumerable<TestCaseData> BrokenStreams()
    {
        // Whether the client reads the first pieces before the reset is the OS's race: the kind is the same either way.
        yield return new TestCaseData(ScriptedAnswer.Broken(true, "Half an ", "answer"), ModelFailureKind.Unreachable, "/chat/completions")
            .SetName("A dropped connection mid-answer is unreachable");
        yield return new TestCaseData(ScriptedAnswer.Broken(false, "Half an ", "answer"), ModelFailureKind.ServerError, "without [DONE]")
            .SetName("A body that ends without [DONE] is a server error");
        yield return new TestCaseData(ScriptedAnswer.ErrorMidStream(["Half "], 502, "Provider disconnected unexpectedly"), ModelFailureKind.ServerError, "Provider disconnected")
            .SetName("An error event mid-stream is the provider's error");
        yield return new TestCaseData(ScriptedAnswer.ErrorMidStream(["Half "], 429, "Rate limit exceeded: free-models-per-min."), ModelFailureKind.PoolRateLimit, "free-models-per-min")
            .SetName("An error event mid-stream is classified like an error body");
        yield return new TestCaseData(ScriptedAnswer.ErrorMidStream(["Half "], JsonValue.Create("server_error"), "boom"), ModelFailureKind.ServerError, "boom")
            .SetName("An error event whose code is a string is a server error");
        yield return new TestCaseData(ScriptedAnswer.ErrorMidStream(["Half "], null, "unused", withErrorObject: false), ModelFailureKind.ServerError, "mid-stream")
            .SetName("A chunk finished with error, without an error object, is a server error");
        yield return new TestCaseData(ScriptedAnswer.RawStream("data: {\"choices\": [ garbage\n\n"), ModelFailureKind.Malformed, "not a JSON object")
            .SetName("Garbage JSON in a chunk is malformed");
        yield return new TestCaseData(ScriptedAnswer.RawStream("<html>Bad Gateway</html>"), ModelFailureKind.ServerError, "without sending any data")
            .SetName("An event stream with no data at all is a server error");
        yield return new TestCaseData(new ScriptedAnswer(200, "<html>Bad Gateway</html>"), ModelFailureKind.Malformed, "not a chat completion")
            .SetName("A garbage non-SSE 200 body to a stream request is malformed");
        yield return new TestCaseData(new ScriptedAnswer(200, """{"error":{"code":502,"message":"Upstream error"}}"""), ModelFailureKind.ServerError, "Upstream error")
            .SetName("A 200 JSON error body to a stream request is the provider's error");
        yield return new TestCaseData(ScriptedAnswer.Error(429, "Rate limit exceeded: free-models-per-day"), ModelFailureKind.AccountQuota, "free-models-per-day")
            .SetName("An HTTP error before the stream is classified as ever");
    }

    [TestCaseSource(nameof(BrokenStreams))]
    public async Task EachBrokenStream_FailsWithItsKind(object answer, object kind, string message)
    {
        var sut = await CreateSutAsync();
        _server!.ChatAnswers.Enqueue((ScriptedAnswer)answer);

        var failure = Assert.ThrowsAsync<ModelCallException>(() => StreamAsync(sut));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Kind, Is.EqualTo((ModelFailureKind)kind), failure.Message);
            Assert.That(failure.Message, Does.Contain(message));
        });
    }

    [Test]
    public async Task AStall_AfterTheFirstPieces_IsATimeout_KeepAlivesNotCounting()
    {
        var sut = await CreateSutAsync(idleSeconds: 1);
        _server!.ChatAnswers.Enqueue(ScriptedAnswer.Stalling(3, "Half an "));

        var failure = Assert.ThrowsAsync<ModelCallException>(() => StreamAsync(sut));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Kind, Is.EqualTo(ModelFailureKind.Timeout));
            Assert.That(failure.Message, Does.Contain("MODEL_STREAM_IDLE_SECONDS"));
        });
    }

    [Test]
    public async Task AStreamOverTheSizeCap_IsCutOffAsMalformed()
    {
        var sut = await CreateSutAsync(maxResponseKb: 16);
        _server!.ChatAnswers.Enqueue(ScriptedAnswer.Streamed(Enumerable.Repeat(new string('x', 1000), 100).ToArray()));

        var failure = Assert.ThrowsAsync<ModelCallException>(() => StreamAsync(sut));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Kind, Is.EqualTo(ModelFailureKind.Malformed));
            Assert.That(failure.Message, Does.Contain("MODEL_MAX_RESPONSE_KB"));
        });
    }
}
