using Agent42.Sdk;

namespace Agent42.Core.Agent.Conversation;

/// <summary>One finished task of a conversation and its answer, as later tasks of the same conversation see it.</summary>
internal sealed record ConversationTurn(string TaskId, string Task, TaskType Type, string Answer, string ModelKey, DateTimeOffset At);
