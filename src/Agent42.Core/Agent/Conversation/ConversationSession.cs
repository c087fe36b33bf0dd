namespace Agent42.Core.Agent.Conversation;

/// <summary>A saved shell conversation: its turns, oldest first, as <see cref="SessionStore"/> keeps them.</summary>
/// <param name="Id">The file's name without <c>.json</c>: the start time and a random suffix, so ids sort by start.</param>
/// <param name="Started">When the conversation began.</param>
/// <param name="Updated">When its last turn was saved; the last session is the one updated last.</param>
/// <param name="Turns">The finished tasks, oldest first; at most <see cref="SessionStore.MaxTurns"/>.</param>
internal sealed record ConversationSession(string Id, DateTimeOffset Started, DateTimeOffset Updated, IReadOnlyList<ConversationTurn> Turns);
