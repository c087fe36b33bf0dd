namespace Agent42.Core.Agent.Conversation;

/// <summary>What reading one session file found: the session, nothing (no file), or why it cannot be used.</summary>
internal sealed record SessionRead(ConversationSession? Session, string? Problem)
{
    public static SessionRead Absent { get; } = new(null, null);
}
