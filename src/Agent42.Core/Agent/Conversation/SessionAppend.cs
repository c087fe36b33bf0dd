namespace Agent42.Core.Agent.Conversation;

/// <summary>A turn saved: the session as it now is on disk, and a warning when it had to go on under a new id.</summary>
internal sealed record SessionAppend(ConversationSession Session, string? Warning);
