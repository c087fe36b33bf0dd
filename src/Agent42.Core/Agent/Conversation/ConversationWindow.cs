using Agent42.Sdk;
using Microsoft.Extensions.AI;

namespace Agent42.Core.Agent.Conversation;

/// <summary>
/// What a task is shown of its conversation: earlier tasks and answers as user/assistant message pairs, oldest first,
/// between the system prompt and the new task, within a budget of tokens (four characters a token, as
/// <see cref="ContextNeed"/> counts).
/// </summary>
/// <remarks>
/// The rule, deterministic: every task is cut in its middle to a quarter of the budget and every answer to half (a
/// marker says how many characters went). If all turns then fit, all are sent. Otherwise the newest turns are kept
/// whole, newest first, while they fit in the budget less <see cref="SummaryMaxChars"/>; the older ones are replaced
/// by one line, added to the system prompt, listing what they asked (first lines, oldest first). Turns are never
/// skipped in between: what is sent is an unbroken run up to the present.
/// </remarks>
internal sealed class ConversationWindow
{
    /// <summary>The most the line about left-out turns takes.</summary>
    public const int SummaryMaxChars = 1_000;

    /// <summary>How much of each left-out task the line quotes.</summary>
    public const int SummaryTaskChars = 80;

    /// <summary>What stands in for an empty answer: some providers refuse an empty assistant message.</summary>
    public const string NoAnswer = "(no answer)";

    private const int CharsPerToken = 4;

    private ConversationWindow(IReadOnlyList<ConversationTurn> turns, int leftOut, string? summary)
    {
        Turns = turns;
        LeftOut = leftOut;
        Summary = summary;
    }

    /// <summary>No conversation: a task on its own.</summary>
    public static ConversationWindow Empty { get; } = new([], 0, null);

    /// <summary>The turns sent, oldest first, their tasks and answers cut as the rule says.</summary>
    public IReadOnlyList<ConversationTurn> Turns { get; }

    /// <summary>How many older turns were left out (and listed in <see cref="Summary"/>).</summary>
    public int LeftOut { get; }

    /// <summary>The line that lists the left-out turns' tasks; null when none was left out.</summary>
    public string? Summary { get; }

    /// <summary>Characters sent: the kept tasks and answers, and the summary line.</summary>
    public long Chars => Turns.Sum(t => (long)t.Task.Length + Shown(t.Answer).Length) + (Summary?.Length ?? 0);

    /// <summary>Tokens sent, estimated as <see cref="ContextNeed"/> does.</summary>
    public int Tokens => (int)Math.Min(int.MaxValue, (Chars + CharsPerToken - 1) / CharsPerToken);

    /// <summary>Fits <paramref name="history"/> (oldest first) into <paramref name="budgetTokens"/>.</summary>
    public static ConversationWindow Fit(IReadOnlyList<ConversationTurn> history, int budgetTokens)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0 || budgetTokens <= 0)
        {
            return Empty;
        }

        var budget = (long)budgetTokens * CharsPerToken;
        var taskMax = (int)Math.Min(int.MaxValue, budget / 4);
        var answerMax = (int)Math.Min(int.MaxValue, budget / 2);
        var cut = history.Select(t => t with { Task = TextCut.Middle(t.Task, taskMax), Answer = TextCut.Middle(t.Answer, answerMax) }).ToList();
        if (cut.Sum(Cost) <= budget)
        {
            return new ConversationWindow(cut, 0, null);
        }

        var available = budget - Math.Min(SummaryMaxChars, budget);
        var first = cut.Count;
        while (first > 0 && Cost(cut[first - 1]) <= available)
        {
            available -= Cost(cut[first - 1]);
            first--;
        }

        var summary = SummaryLine(cut.Take(first).Select(t => t.Task).ToList(), (int)Math.Min(SummaryMaxChars, budget));
        return new ConversationWindow(cut.Skip(first).ToList(), first, summary);
    }

    /// <summary>
    /// The messages of one request: the system prompt (with the summary line, if any), the kept turns as
    /// user/assistant pairs, then the task.
    /// </summary>
    public List<ChatMessage> Messages(string systemPrompt, string task)
    {
        var messages = new List<ChatMessage>(2 + (2 * Turns.Count))
        {
            new(ChatRole.System, Summary is null ? systemPrompt : systemPrompt + "\n\n" + Summary),
        };
        foreach (var turn in Turns)
        {
            messages.Add(new ChatMessage(ChatRole.User, turn.Task));
            messages.Add(new ChatMessage(ChatRole.Assistant, Shown(turn.Answer)));
        }

        messages.Add(new ChatMessage(ChatRole.User, task));
        return messages;
    }

    /// <summary>
    /// The conversation as the critic sees it: a short list of the last turns (first lines only), so a follow-up such
    /// as "now summarise what you found" is judged in its context; empty without a conversation.
    /// </summary>
    public string ReviewContext(int lastTurns = 5, int chars = 160)
    {
        if (Turns.Count == 0 && Summary is null)
        {
            return string.Empty;
        }

        var lines = Turns.Skip(Math.Max(0, Turns.Count - lastTurns))
            .Select(t => $"- asked: {TextCut.FirstLine(t.Task, chars)}\n  answered: {TextCut.FirstLine(Shown(t.Answer), chars)}");
        var more = LeftOut + Math.Max(0, Turns.Count - lastTurns);
        return "This task continues a conversation; the user and the agent said before, oldest first"
            + (more > 0 ? $" ({more} earlier turn(s) not shown)" : string.Empty) + ":\n"
            + string.Join('\n', lines) + "\n\n";
    }

    /// <summary>The task type a follow-up without evidence of its own takes: the previous turn's.</summary>
    public static TaskType? PreviousType(IReadOnlyList<ConversationTurn> history) => history.Count > 0 ? history[^1].Type : null;

    private static long Cost(ConversationTurn turn) => (long)turn.Task.Length + Shown(turn.Answer).Length;

    private static string Shown(string answer) => answer.Length == 0 ? NoAnswer : answer;

    private static string SummaryLine(IReadOnlyList<string> tasks, int max)
    {
        var line = $"Earlier in this conversation ({tasks.Count} turn(s) left out to fit the context), the user asked, oldest first: ";
        var listed = 0;
        foreach (var task in tasks)
        {
            var quoted = (listed == 0 ? string.Empty : "; ") + "\"" + TextCut.FirstLine(task, SummaryTaskChars) + "\"";
            var tail = tasks.Count - listed - 1 > 0 ? $"; and {tasks.Count - listed - 1} more" : string.Empty;
            if (line.Length + quoted.Length + Math.Max(tail.Length, 20) > max)
            {
                line += (listed == 0 ? string.Empty : "; ") + $"and {tasks.Count - listed} more";
                break;
            }

            line += quoted;
            listed++;
        }

        line += ".";
        return line.Length <= max ? line : TextCut.FirstLine(line, max);
    }
}
