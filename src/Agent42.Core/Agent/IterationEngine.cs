using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Agent42.Core.Agent.Approval;
using Agent42.Core.Agent.Conversation;
using Agent42.Core.Models.Providers;
using Agent42.Core.Tools;
using Agent42.Sdk;
using Microsoft.Extensions.AI;

namespace Agent42.Core.Agent;

/// <summary>
/// The plan's iteration engine: the primary model works with tools (up to <see cref="MaxToolRounds"/> rounds per
/// iteration, the tool list read again every round so a tool hot-swapped in mid-task is seen), a critic reviews
/// each answer, and its feedback drives the next iteration until it approves, repeats itself, or the task type's
/// iteration limit is reached. Every tool call goes through the approver before it runs.
/// </summary>
/// <remarks>
/// <para>
/// The primary's calls stream (every tool round, so text written before a tool call is shown too); the critic's are
/// plain, as its verdict is read whole. A revision starts with <see cref="IAgentRunObserver.AnswerRestarted"/>, and the
/// run's answer is the last round's text.
/// </para>
/// <para>
/// The tool calls a model asks for are capped per message and per run (<see cref="ToolCallLimitsOptions"/>): the calls
/// over a cap are not run, and both the progress output and the transcript sent back to the model say how many.
/// </para>
/// </remarks>
internal sealed class IterationEngine(ToolRegistry tools, IToolApprover approver, TimeProvider time, ToolCallLimitsOptions? limits = null)
{
    public const int MaxToolRounds = 10;

    private readonly ToolCallLimitsOptions _limits = limits ?? new ToolCallLimitsOptions();

    /// <summary>The tools a run would be offered now.</summary>
    public IReadOnlyList<ToolInfo> Tools() => tools.List();

    private static readonly JsonSerializerOptions CompactJson = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    /// <summary>Critiques this alike say nothing new: stop instead of iterating again.</summary>
    public const double ConvergenceOverlap = 0.85;

    public async Task<AgentRunResult> RunAsync(
        AgentRunRequest request,
        ModelFailover primary,
        ModelFailover? critic,
        int maxIterations,
        IAgentRunObserver observer,
        CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        long promptTokens = 0, completionTokens = 0;
        var toolCalls = 0;
        var critiques = new List<string>();
        string answer = string.Empty;
        CriticVerdict? verdict = null;
        var stopReason = "max_iterations";
        var iteration = 0;
        var window = ConversationWindow.Fit(request.History, request.HistoryTokens);

        while (iteration < maxIterations)
        {
            iteration++;
            observer.IterationStarted(iteration, maxIterations);
            if (verdict is not null)
            {
                // What streamed was the answer the critic turned down: the revision replaces it.
                observer.AnswerRestarted($"revised after the critic's review (iteration {iteration}/{maxIterations})");
            }

            var messages = window.Messages(Prompts.Primary(request.Type, tools.List().Count > 0), request.Task);
            if (verdict is not null)
            {
                messages.Add(new ChatMessage(ChatRole.Assistant, answer));
                messages.Add(new ChatMessage(ChatRole.User, Prompts.Revise(verdict.Feedback)));
            }

            (answer, var used) = await WorkAsync(messages, primary, observer, toolCalls, cancellationToken).ConfigureAwait(false);
            promptTokens += used.Prompt;
            completionTokens += used.Completion;
            toolCalls += used.ToolCalls;

            if (critic is null)
            {
                stopReason = "no_critic";
                break;
            }

            observer.Reviewing();
            var review = await critic.GetResponseAsync(
                [new ChatMessage(ChatRole.System, Prompts.Critic(request.Type)), new ChatMessage(ChatRole.User, Prompts.Review(request.Task, answer, window.ReviewContext()))],
                new ChatOptions(), cancellationToken).ConfigureAwait(false);
            promptTokens += review.Usage?.InputTokenCount ?? 0;
            completionTokens += review.Usage?.OutputTokenCount ?? 0;
            var previous = verdict;
            verdict = CriticVerdict.Parse(review.Text);
            critiques.Add(verdict.Feedback);
            observer.Critiqued(iteration, verdict);
            if (verdict.Approved)
            {
                stopReason = "approved";
                break;
            }

            if (previous is not null && CriticVerdict.Overlap(previous.Feedback, verdict.Feedback) > ConvergenceOverlap)
            {
                stopReason = "converged";
                break;
            }
        }

        var failures = primary.Failures.Concat(critic?.Failures ?? new Dictionary<ModelFailureKind, int>())
            .GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Sum(f => f.Value));
        return new AgentRunResult(
            request.TaskId, request.Task, request.Type, answer, verdict?.Approved ?? false, stopReason,
            primary.Current.Key, critic?.Current.Key, iteration, maxIterations, verdict?.Score,
            promptTokens, completionTokens, time.GetElapsedTime(started), toolCalls, failures, critiques)
        {
            IsTrial = request.IsTrial,
            Layer = request.Layer,
            ModelRequests = primary.Requests + (critic?.Requests ?? 0),
        };
    }

    /// <summary>One iteration's work: tool rounds until the model answers without calling a tool.</summary>
    private async Task<(string Answer, Usage Used)> WorkAsync(
        List<ChatMessage> messages, ModelFailover primary, IAgentRunObserver observer, int runCallsBefore, CancellationToken cancellationToken)
    {
        var used = new Usage();
        for (var round = 1; round <= MaxToolRounds + 1; round++)
        {
            // Read the tools every round: a tool swapped in by the watcher mid-task is offered at once. Once the run's
            // calls are used up, none are offered, so the model has to answer.
            var budget = _limits.PerRun - runCallsBefore - used.ToolCalls;
            var offerTools = round <= MaxToolRounds && budget > 0;
            var options = new ChatOptions();
            if (offerTools)
            {
                options.Tools = tools.List().Select(t => (AITool)AIFunctionFactory.CreateDeclaration(t.Name, t.Description, t.Parameters)).ToList();
            }

            var response = await primary.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            used.Prompt += response.Usage?.InputTokenCount ?? 0;
            used.Completion += response.Usage?.OutputTokenCount ?? 0;
            var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            if (calls.Count == 0 || !offerTools)
            {
                return (response.Text, used);
            }

            if (response.Text.Length > 0 && !response.Text.EndsWith('\n'))
            {
                // Text the model wrote before its tool calls streamed already; what it writes after them starts a new line.
                observer.AnswerDelta("\n");
            }

            var run = calls.Take(Math.Min(_limits.PerMessage, budget)).ToList();
            var notRun = calls.Count - run.Count;
            messages.AddRange(notRun == 0 ? response.Messages : ToolCallCut.Keep(response.Messages, run));
            var results = new List<AIContent>();
            foreach (var call in run)
            {
                used.ToolCalls++;
                var result = await CallToolAsync(call, observer, cancellationToken).ConfigureAwait(false);
                results.Add(new FunctionResultContent(call.CallId, result.Content));
            }

            messages.Add(new ChatMessage(ChatRole.Tool, results));
            if (notRun > 0)
            {
                var note = ToolCallCut.Note(notRun, calls.Count, _limits, perMessageHit: _limits.PerMessage <= budget);
                observer.ToolCallsCut(notRun, note);
                messages.Add(new ChatMessage(ChatRole.User, note));
            }
        }

        throw new UnreachableException();
    }

    private async Task<ToolResult> CallToolAsync(FunctionCallContent call, IAgentRunObserver observer, CancellationToken cancellationToken)
    {
        if (call.Exception is not null)
        {
            // Shown like any other call, so a model that keeps sending broken arguments is visible.
            var invalid = ToolResult.Fail($"the arguments for '{call.Name}' are not valid JSON: {call.Exception.Message}");
            observer.ToolCalled(call.Name, "(arguments are not valid JSON)");
            observer.ToolReturned(call.Name, invalid);
            return invalid;
        }

        var arguments = JsonSerializer.SerializeToElement(call.Arguments ?? new Dictionary<string, object?>(), CompactJson);
        observer.ToolCalled(call.Name, arguments.GetRawText());
        // The registration approved is the one that runs: a hot swap in between cannot slip another tool in.
        var registration = tools.Find(call.Name);
        ToolResult result;
        if (registration is null)
        {
            result = await tools.ExecuteAsync(call.Name, arguments, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var decision = await approver.ApproveAsync(
                new ToolCallProposal(registration.Name, arguments, registration.Snapshot.IsReadOnly), cancellationToken).ConfigureAwait(false);
            result = decision.Approved
                ? await tools.ExecuteAsync(registration, arguments, cancellationToken).ConfigureAwait(false)
                : ToolResult.Fail(decision.Refusal);
        }

        observer.ToolReturned(call.Name, result);
        return result;
    }

    private sealed class Usage
    {
        public long Prompt { get; set; }

        public long Completion { get; set; }

        public int ToolCalls { get; set; }
    }
}
