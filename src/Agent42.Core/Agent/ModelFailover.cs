using Agent42.Core.Models.Providers;
using Agent42.Core.Routing;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Agent42.Core.Agent;

/// <summary>
/// Calls the first candidate model that works: a classified failure moves to the next candidate and is counted
/// by kind (never against the model's quality). A refused key ends the run at once: no other model would fare
/// better.
/// </summary>
internal sealed class ModelFailover(
    string role,
    IReadOnlyList<ModelCandidate> candidates,
    Func<ModelCandidate, IChatClient> clients,
    IAgentRunObserver observer,
    ModelCooldowns? cooldowns = null,
    bool usesTools = true)
{
    private readonly Dictionary<ModelFailureKind, int> _failures = [];
    private int _current;

    public ModelCandidate Current => candidates[Math.Min(_current, candidates.Count - 1)];

    public IReadOnlyDictionary<ModelFailureKind, int> Failures => _failures;

    /// <summary>Chat requests sent so far (failed ones included; a model skipped while it cools down is not called).</summary>
    public int Requests { get; private set; }

    /// <summary>One plain call: the whole answer at once.</summary>
    public Task<ChatResponse> GetResponseAsync(IList<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken) =>
        CallAsync(messages, options, stream: false, cancellationToken);

    /// <summary>
    /// One streamed call: its text goes to <see cref="IAgentRunObserver.AnswerDelta"/> as it arrives, and the updates
    /// are assembled into the response (text, tool calls, usage). A stream that breaks off mid-answer is a failure
    /// like any other, and the observer hears <see cref="IAgentRunObserver.AnswerRestarted"/> before the next model answers.
    /// </summary>
    public Task<ChatResponse> GetStreamingResponseAsync(IList<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken) =>
        CallAsync(messages, options, stream: true, cancellationToken);

    private async Task<ChatResponse> CallAsync(IList<ChatMessage> messages, ChatOptions options, bool stream, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        while (_current < candidates.Count)
        {
            var candidate = candidates[_current];
            if (cooldowns?.Check(candidate.Key, usesTools) is { } cooling)
            {
                // Cooling down after an earlier failure (this task's or another's): skip without calling.
                errors.Add($"{candidate.Key}: cooling down ({cooling.Reason}) until {cooling.Until:HH:mm:ss}");
                _current++;
                observer.Skipped(role, candidate.Key, cooling);
                continue;
            }

            var streamed = new StreamedText();
            try
            {
                var client = clients(candidate);
                Requests++;
                var response = stream
                    ? await StreamAsync(client, messages, options, streamed, cancellationToken).ConfigureAwait(false)
                    : await client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
                cooldowns?.RecordSuccess(candidate.Key);
                return response;
            }
            catch (Exception ex) when (Failure(ex, cancellationToken) is { } failure)
            {
                _failures[failure.Kind] = _failures.GetValueOrDefault(failure.Kind) + 1;
                cooldowns?.Record(candidate.Key, failure);
                errors.Add($"{candidate.Key}: {failure.Kind} ({failure.Message})");
                if (failure.Kind == ModelFailureKind.Unauthorized)
                {
                    throw new AgentRunException($"the model endpoint refused the API key: {failure.Message}", failure);
                }

                _current++;
                var next = _current < candidates.Count ? candidates[_current].Key : null;
                observer.Fallback(role, candidate.Key, failure, next);
                if (streamed.Any)
                {
                    observer.AnswerRestarted($"{candidate.Key} broke off mid-answer ({failure.Kind}); {next ?? "no other model is left that"} answers");
                }
            }
        }

        throw new AgentRunException($"no {role} model could answer: {string.Join("; ", errors)}");
    }

    private async Task<ChatResponse> StreamAsync(IChatClient client, IList<ChatMessage> messages, ChatOptions options, StreamedText streamed,
        CancellationToken cancellationToken)
    {
        var updates = new List<ChatResponseUpdate>();
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                updates.Add(update);
                var text = update.Text;
                if (text.Length > 0)
                {
                    streamed.Any = true;
                    observer.AnswerDelta(text);
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or ArgumentOutOfRangeException or FormatException)
        {
            // The client could not read an event the watch let through (a value it does not know): the answer is unreadable.
            throw new ModelCallException(ModelFailureKind.Malformed, $"the stream could not be read: {ex.Message}", 200, inner: ex);
        }

        var response = updates.ToChatResponse();
        if (response.Text.Length == 0 && !response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Any())
        {
            throw new ModelCallException(ModelFailureKind.Malformed, "the stream ended with neither text nor tool calls", 200);
        }

        return response;
    }

    /// <summary>
    /// The classified failure an exception is, or null for one that is not a model's (the caller's cancellation, a
    /// bug). The client may wrap what the HTTP layer threw; a cancellation nobody asked for is the client's own
    /// read time-out.
    /// </summary>
    private static ModelCallException? Failure(Exception ex, CancellationToken cancellationToken)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is ModelCallException failure)
            {
                return failure;
            }
        }

        return ex is OperationCanceledException && !cancellationToken.IsCancellationRequested
            ? new ModelCallException(ModelFailureKind.Timeout, $"the model call timed out: {ex.Message}", inner: ex)
            : null;
    }

    /// <summary>Whether a call has streamed any text yet, so a failure after it voids what was shown.</summary>
    private sealed class StreamedText
    {
        public bool Any { get; set; }
    }
}
