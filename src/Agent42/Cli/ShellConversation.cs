using System.Globalization;
using Agent42.Core.Agent;
using Agent42.Core.Agent.Conversation;
using Agent42.Core.Outcomes;
using Agent42.Core.Storage;
using Agent42.Sdk;

namespace Agent42.Cli;

/// <summary>
/// The shell's current conversation: what each task is given as its history, saved after every finished task, and
/// the slash commands that show it or change it (<c>/new</c>, <c>/history</c>, <c>/sessions</c>, <c>/resume</c>).
/// A <c>/call</c> is not a turn: the user ran the tool, no model answered.
/// </summary>
internal sealed class ShellConversation(SessionStore store, TimeProvider time)
{
    private const int ShownChars = 100;

    private ConversationSession _session = store.Start();

    /// <summary>The earlier turns of the current conversation, oldest first.</summary>
    public IReadOnlyList<ConversationTurn> Turns => _session.Turns;

    public string Id => _session.Id;

    /// <summary>
    /// Continues a saved session at start-up (<c>agent42 --resume [id]</c>): the last one when <paramref name="id"/> is
    /// empty. Returns what the banner line says of it; warnings (an unreadable file, no such session) go to <paramref name="say"/>.
    /// </summary>
    public string ResumeAtStart(string id, Action<string> say) =>
        Resume(id, say) ? $" Resumed session {Id} ({Count(_session.Turns.Count)})." : $" New session {Id}.";

    /// <summary>Handles a conversation command; false when <paramref name="line"/> is not one.</summary>
    public bool TryHandle(string line, Action<string> say)
    {
        var command = line.Split(' ', 2);
        switch (command[0])
        {
            case "/new":
                _session = store.Start();
                say($"new conversation (session {Id}); the previous one stays saved\n");
                return true;
            case "/history":
                say(History());
                return true;
            case "/sessions":
                say(Sessions(say));
                return true;
            case "/resume":
                if (Resume(command.Length > 1 ? command[1].Trim() : string.Empty, say))
                {
                    say($"resumed session {Id} ({Count(_session.Turns.Count)}); /history shows them\n");
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Saves a finished task as the conversation's newest turn (an answer whose outcome failed to record still is
    /// one). Returns a warning when it could not be saved where it was; the turn is kept for this shell either way.
    /// </summary>
    public async Task<string?> RecordAsync(AgentRunResult result, CancellationToken cancellationToken)
    {
        var turn = new ConversationTurn(result.TaskId, result.Task, result.Type, result.Answer, result.ModelKey, time.GetUtcNow());
        try
        {
            var saved = await store.AppendAsync(_session, turn, cancellationToken).ConfigureAwait(false);
            _session = saved.Session;
            return saved.Warning;
        }
        catch (Exception ex) when (ex is StateFileException or IOException or UnauthorizedAccessException)
        {
            _session = _session with { Turns = [.. _session.Turns, turn] };
            return $"the conversation could not be saved ({ex.Message}); it goes on in this shell only";
        }
    }

    private bool Resume(string id, Action<string> say)
    {
        ConversationSession? found;
        if (id.Length == 0)
        {
            var (sessions, problems) = store.List();
            Warn(problems, say);
            found = sessions.FirstOrDefault();
            if (found is null)
            {
                say("no saved session to resume; this one is new\n");
                return false;
            }
        }
        else
        {
            var read = store.Read(id);
            if (read.Session is null)
            {
                say($"warning: {read.Problem ?? $"no saved session '{id}'"}; /sessions lists them\n");
                return false;
            }

            found = read.Session;
        }

        _session = found;
        return true;
    }

    private string History()
    {
        if (_session.Turns.Count == 0)
        {
            return $"no turns yet in this conversation (session {Id})\n";
        }

        var lines = _session.Turns.Select((t, i) => string.Create(CultureInfo.InvariantCulture,
            $"{i + 1,3}. {TaskTypeNames.WireName(t.Type)}: {TextCut.FirstLine(t.Task, ShownChars)}\n     -> {(t.Answer.Length == 0 ? ConversationWindow.NoAnswer : TextCut.FirstLine(t.Answer, ShownChars))} ({t.ModelKey})\n"));
        return $"session {Id}, {Count(_session.Turns.Count)}:\n" + string.Concat(lines);
    }

    private string Sessions(Action<string> say)
    {
        var (sessions, problems) = store.List();
        Warn(problems, say);
        if (sessions.Count == 0)
        {
            return "no saved sessions\n";
        }

        return string.Concat(sessions.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{(s.Id == Id ? "*" : " ")} {s.Id}  {TimeZoneInfo.ConvertTime(s.Updated, time.LocalTimeZone):yyyy-MM-dd HH:mm}  {Count(s.Turns.Count),-9}  {TextCut.FirstLine(s.Turns.FirstOrDefault()?.Task ?? string.Empty, 60)}\n")))
            + "'/resume <id>' continues one\n";
    }

    private static void Warn(IReadOnlyList<string> problems, Action<string> say)
    {
        foreach (var problem in problems)
        {
            say($"warning: {problem}\n");
        }
    }

    private static string Count(int turns) => turns == 1 ? "1 turn" : $"{turns} turns";
}
