using Agent42.Sdk;

namespace Agent42.Core.Tasks;

/// <summary>One task as <c>tasks.json</c> holds it: the task's fields and its lease, flat.</summary>
internal sealed record TaskFileEntry(
    string Id,
    TaskType Type,
    string Description,
    AgentTaskStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? ParentId = null,
    string? Result = null,
    string? Error = null,
    string? LeaseOwner = null,
    DateTimeOffset? LeaseUntil = null,
    int Attempts = 0)
{
    public StoredTask ToStored() => new(
        new AgentTask(Id, Type, Description, Status, CreatedAt, UpdatedAt, ParentId, Result, Error), LeaseOwner, LeaseUntil, Attempts);

    public static TaskFileEntry From(StoredTask stored) => new(
        stored.Task.Id, stored.Task.Type, stored.Task.Description, stored.Task.Status, stored.Task.CreatedAt, stored.Task.UpdatedAt,
        stored.Task.ParentId, stored.Task.Result, stored.Task.Error, stored.LeaseOwner, stored.LeaseUntil, stored.Attempts);
}
