namespace Agent42.Sdk;

/// <summary>A unit of work in the task queue.</summary>
/// <param name="Id">Unique id.</param>
/// <param name="Type">The task type, which decides the routing.</param>
/// <param name="Description">What is to be done, in words.</param>
/// <param name="Status">Where the task is in its life.</param>
/// <param name="CreatedAt">When it was queued.</param>
/// <param name="UpdatedAt">When its status last changed.</param>
/// <param name="ParentId">The task that queued this one, if any.</param>
/// <param name="Result">The result, once done.</param>
/// <param name="Error">Why it failed, once failed.</param>
public sealed record AgentTask(
    string Id,
    TaskType Type,
    string Description,
    AgentTaskStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? ParentId = null,
    string? Result = null,
    string? Error = null);
