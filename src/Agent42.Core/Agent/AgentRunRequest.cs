using Agent42.Sdk;

namespace Agent42.Core.Agent;

/// <summary>A task to run.</summary>
internal sealed record AgentRunRequest(string TaskId, string Task, TaskType Type);
