using System.IO.Pipelines;
using System.Text;
using Agent42.Core.Models.Providers;
using Microsoft.Extensions.Time.Testing;

namespace Agent42.Tests.Core.Models.Providers;

/// <summary>The watch on a streamed body, time from a fake clock: stalls, drops, and a reader that is slow itself.</summary>
public sealed class SseWatchStreamTests
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new();
    private readonly Pipe _pipe = new();

    private SseWatchStream CreateSut(Stream? inner = null) =>
        new(inner ?? _pipe.Reader.AsStream(), new SseEventScanner("http://model/chat", _time), _time, FirstWait, Idle, "http://model/chat");

    private async Task SendAsync(string text) => await _pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(text));

    private static ValueTask<int> ReadAsync(Stream sut, CancellationToken cancellationToken = default) => sut.ReadAsync(new byte[4096], cancellationToken);

    [Test]
    public async Task NoDataWithinTheFirstWait_IsATimeout_KeepAlivesNotCounting()
    {
        await using var sut = CreateSut();
        await SendAsync(": OPENROUTER PROCESSING\n\n");
        Assert.That(await ReadAsync(sut), Is.GreaterThan(0));

        var read = ReadAsync(sut);
        _time.Advance(FirstWait);

        var failure = Assert.ThrowsAsync<ModelCallException>(async () => await read);
        Assert.Multiple(() =>
        {
            Assert.That(failure!.Kind, Is.EqualTo(ModelFailureKind.Timeout));
            Assert.That(failure.Message, Does.Contain("did not start answering"));
        });
    }

    [Test]
    public async Task AfterData_AStallOfTheIdleTime_IsATimeout_EvenWithKeepAlivesInBetween()
    {
        await using var sut = CreateSut();
        await SendAsync("data: {\"choices\":[]}\n\n");
        await ReadAsync(sut);
        var keepAlive = ReadAsync(sut);
        _time.Advance(Idle / 2);
        await SendAsync(": OPENROUTER PROCESSING\n\n");
        await keepAlive;

        var read = ReadAsync(sut);
        _time.Advance(Idle / 2);

        var failure = Assert.ThrowsAsync<ModelCallException>(async () => await read);
        Assert.Multiple(() =>
        {
            Assert.That(failure!.Kind, Is.EqualTo(ModelFailureKind.Timeout));
            Assert.That(failure.Message, Does.Contain("MODEL_STREAM_IDLE_SECONDS"));
        });
    }

    [Test]
    public async Task EachDataEvent_StartsTheIdleTimeAgain()
    {
        await using var sut = CreateSut();
        for (var i = 0; i < 5; i++)
        {
            var read = ReadAsync(sut);
            _time.Advance(Idle - TimeSpan.FromSeconds(1));
            await SendAsync("data: {\"choices\":[]}\n\n");
            Assert.That(await read, Is.GreaterThan(0));
        }

        await SendAsync("data: [DONE]\n\n");
        await _pipe.Writer.CompleteAsync();
        await ReadAsync(sut);
        Assert.That(await ReadAsync(sut), Is.Zero);
    }

    [Test]
    public async Task TimeTheReaderSpendsAway_IsNotAStall()
    {
        await using var sut = CreateSut();
        await SendAsync("data: {\"choices\":[]}\n\n");
        await ReadAsync(sut);

        // The reader is busy elsewhere (a full stdout) for longer than the idle time; the provider is not to blame.
        _time.Advance(Idle * 3);
        await SendAsync("data: [DONE]\n\n");

        Assert.That(await ReadAsync(sut), Is.GreaterThan(0));
    }

    [Test]
    public async Task AConnectionThatDrops_IsUnreachable_AndEveryLaterReadFailsTheSame()
    {
        await using var sut = CreateSut(new ThrowingStream(new IOException("Connection reset by peer")));

        var failure = Assert.ThrowsAsync<ModelCallException>(async () => await ReadAsync(sut));
        var again = Assert.ThrowsAsync<ModelCallException>(async () => await ReadAsync(sut));

        Assert.Multiple(() =>
        {
            Assert.That(failure!.Kind, Is.EqualTo(ModelFailureKind.Unreachable));
            Assert.That(failure.Message, Does.Contain("the connection dropped mid-answer"));
            Assert.That(again, Is.SameAs(failure));
        });
    }

    [Test]
    public async Task TheCallersCancellation_StaysACancellation()
    {
        await using var sut = CreateSut();
        using var cancel = new CancellationTokenSource();

        var read = ReadAsync(sut, cancel.Token);
        await cancel.CancelAsync();

        Assert.That(async () => await read, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task AnEndWithoutDone_FailsTheLastRead()
    {
        await using var sut = CreateSut();
        await SendAsync("data: {\"choices\":[]}\n\n");
        await _pipe.Writer.CompleteAsync();
        await ReadAsync(sut);

        var failure = Assert.ThrowsAsync<ModelCallException>(async () => await ReadAsync(sut));

        Assert.That(failure!.Kind, Is.EqualTo(ModelFailureKind.ServerError));
    }

    [Test]
    public async Task AnErrorEvent_IsNeverCompletedForTheReader_TheEventsBeforeItAre_AndTheNextReadFails()
    {
        await using var sut = CreateSut();
        const string Before = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Half \"}}]}\n\n";
        const string Error = "data: {\"error\":{\"code\":503,\"message\":\"No available provider\"}}\n";
        await SendAsync(Before + Error + "\n");

        var buffer = new byte[4096];
        var read = await sut.ReadAsync(buffer);
        var failure = Assert.ThrowsAsync<ModelCallException>(async () => await ReadAsync(sut));

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(buffer, 0, read), Is.EqualTo(Before + Error), "all but the blank line that would complete the error event");
            Assert.That((failure!.Kind, failure.StatusCode), Is.EqualTo((ModelFailureKind.ServerError, (int?)503)));
        });
    }

    private sealed class ThrowingStream(Exception failure) : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromException<int>(failure);
    }
}
