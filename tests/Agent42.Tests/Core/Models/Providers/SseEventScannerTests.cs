using System.Text;
using Agent42.Core.Models.Providers;

namespace Agent42.Tests.Core.Models.Providers;

/// <summary>The event-stream watch on its own: bytes in any split, and every way a provider's stream goes wrong.</summary>
public sealed class SseEventScannerTests
{
    private const string Chunk = """{"id":"gen-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}]}""";

    private static SseEventScanner CreateSut() => new("http://model/chat", TimeProvider.System);

    /// <summary>Feeds <paramref name="text"/> in pieces of <paramref name="size"/> bytes, then ends it; the first failure, or null.</summary>
    private static ModelCallException? Feed(SseEventScanner sut, string text, int size, bool end = true)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var i = 0; i < bytes.Length; i += size)
        {
            if (sut.Scan(bytes.AsSpan(i, Math.Min(size, bytes.Length - i))) is { } failure)
            {
                return failure;
            }
        }

        return end ? sut.End() : null;
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(7)]
    [TestCase(4096)]
    public void AWholeStream_InAnySplit_EndsCleanly_KeepAlivesNotCountingAsData(int size)
    {
        var sut = CreateSut();

        var failure = Feed(sut, $": OPENROUTER PROCESSING\n\ndata: {Chunk}\n\n: OPENROUTER PROCESSING\n\ndata: {Chunk}\n\ndata: [DONE]\n\n", size);

        Assert.Multiple(() =>
        {
            Assert.That(failure, Is.Null, failure?.Message);
            Assert.That(sut.IsDone, Is.True);
            Assert.That(sut.DataLines, Is.EqualTo(3));
        });
    }

    [TestCase("\r\n")]
    [TestCase("\r")]
    [TestCase("\n")]
    public void EveryLineEnding_EndsLinesAndEvents(string newline)
    {
        foreach (var size in new[] { 1, 3, 1000 })
        {
            var sut = CreateSut();
            var text = $": keep-alive{newline}{newline}data: {Chunk}{newline}{newline}data: [DONE]{newline}{newline}";

            var failure = Feed(sut, text, size);

            Assert.That((failure?.Message, sut.IsDone, sut.DataLines), Is.EqualTo(((string?)null, true, 2L)), $"split every {size} bytes");
        }
    }

    [Test]
    public void AUtf8CharacterSplitAcrossReads_IsReadWhole()
    {
        var sut = CreateSut();
        var chunk = """{"choices":[{"index":0,"delta":{"content":"snowman ☃ and 🎉"},"finish_reason":null}]}""";

        // Split at every byte, so each multi-byte character is cut somewhere.
        var failure = Feed(sut, $"data: {chunk}\n\ndata: [DONE]\n\n", 1);

        Assert.That((failure, sut.IsDone), Is.EqualTo(((ModelCallException?)null, true)));
    }

    [Test]
    public void AFourMegabyteDataLine_IsOneEvent()
    {
        var sut = CreateSut();
        var big = """{"choices":[{"index":0,"delta":{"content":" """ + new string('x', 4 * 1024 * 1024) + "\"},\"finish_reason\":null}]}";

        var failure = Feed(sut, $"data: {big}\n\ndata: [DONE]\n\n", 64 * 1024);

        Assert.Multiple(() =>
        {
            Assert.That(failure, Is.Null, failure?.Message);
            Assert.That(sut.DataLines, Is.EqualTo(2));
        });
    }

    [Test]
    public void AnEndWithoutDone_IsAServerError_MidAnswer()
    {
        var failure = Feed(CreateSut(), $"data: {Chunk}\n\n", 16);

        Assert.Multiple(() =>
        {
            Assert.That(failure?.Kind, Is.EqualTo(ModelFailureKind.ServerError));
            Assert.That(failure?.Message, Does.Contain("mid-answer, without [DONE]"));
        });
    }

    [Test]
    public void AnEndWithOnlyKeepAlives_SaysNoDataCame()
    {
        var failure = Feed(CreateSut(), ": OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\n", 5);

        Assert.That(failure?.Message, Does.Contain("without sending any data"));
    }

    [Test]
    public void DoneWithoutItsBlankLine_AtTheEnd_StillEndsTheAnswer()
    {
        var sut = CreateSut();

        var failure = Feed(sut, $"data: {Chunk}\n\ndata: [DONE]", 4);

        Assert.That((failure, sut.IsDone), Is.EqualTo(((ModelCallException?)null, true)));
    }

    [TestCase("""{"error":{"code":429,"message":"Rate limit exceeded: free-models-per-day"}}""", ModelFailureKind.AccountQuota)]
    [TestCase("""{"error":{"code":502,"message":"Provider returned error","metadata":{"provider_name":"Chutes"}}}""", ModelFailureKind.ServerError)]
    [TestCase("""{"error":{"code":"server_error","message":"Provider disconnected"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}""", ModelFailureKind.ServerError)]
    [TestCase("""{"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}""", ModelFailureKind.ServerError)]
    [TestCase("""{"choices": [ garbage""", ModelFailureKind.Malformed)]
    [TestCase("""["not","an","object"]""", ModelFailureKind.Malformed)]
    [TestCase("""<html>502 Bad Gateway</html>""", ModelFailureKind.Malformed)]
    public void AProblemEvent_FailsWhenTheEventEnds_BeforeTheClientCouldParseIt(string data, object kind)
    {
        var sut = CreateSut();

        var before = Feed(sut, $"data: {Chunk}\n\ndata: {data}\n", 3, end: false);
        var atBlankLine = sut.Scan("\n"u8);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Null, "a line alone is not yet an event");
            Assert.That(atBlankLine?.Kind, Is.EqualTo((ModelFailureKind)kind), atBlankLine?.Message);
        });
    }

    [Test]
    public void AnErrorEvent_KeepsTheProvidersNameAndCode()
    {
        var failure = Feed(CreateSut(), """
            data: {"error":{"code":429,"message":"Provider returned error","metadata":{"provider_name":"Chutes","raw":"rate-limited upstream"}}}


            """, 10);

        Assert.Multiple(() =>
        {
            Assert.That(failure?.Kind, Is.EqualTo(ModelFailureKind.ModelRateLimit));
            Assert.That(failure?.ProviderName, Is.EqualTo("Chutes"));
            Assert.That(failure?.StatusCode, Is.EqualTo(429));
            Assert.That(failure?.Message, Does.Contain("mid-stream").And.Contain("rate-limited upstream"));
        });
    }

    [Test]
    public void AnEventOfSeveralDataLines_IsCheckedJoined()
    {
        var sut = CreateSut();

        var failure = Feed(sut, "data: {\"choices\":\ndata: []}\n\ndata: [DONE]\n\n", 2);

        Assert.That((failure, sut.IsDone), Is.EqualTo(((ModelCallException?)null, true)));
    }

    [Test]
    public void WhatFollowsDone_IsIgnored()
    {
        var sut = CreateSut();

        var failure = Feed(sut, "data: [DONE]\n\ndata: garbage\n\n", 4);

        Assert.That(failure, Is.Null);
    }

    [Test]
    public void OtherFields_AndLinesWithoutAField_CarryNoData()
    {
        var sut = CreateSut();

        var failure = Feed(sut, $"event: message\nid: 7\nretry: 100\nnonsense\ndata: {Chunk}\n\ndata: [DONE]\n\n", 5);

        Assert.That((failure, sut.DataLines), Is.EqualTo(((ModelCallException?)null, 2L)));
    }
}
