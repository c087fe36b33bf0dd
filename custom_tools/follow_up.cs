// An example raw tool: it reads its arguments as JSON itself, and queues follow-up work through ITaskQueue.
using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Agent42.Sdk;

public sealed class FollowUpTool(ITaskQueue queue, IToolLogger log) : Tool
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {
          "type": "object",
          "properties": {
            "task": { "type": "string", "description": "What should be done next, in one sentence." },
            "type": { "type": "string", "description": "Task type, such as coding, research or documentation.", "default": "coding" }
          },
          "required": ["task"],
          "additionalProperties": false
        }
        """).RootElement;

    public override string Name => "follow_up";

    public override string Description => "Queue a follow-up task for the agent to do after the current one.";

    public override JsonElement Parameters => Schema;

    public override async Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken)
    {
        if (!arguments.TryGetProperty("task", out var task) || task.ValueKind != JsonValueKind.String || task.GetString() is not { Length: > 0 } description)
        {
            return ToolResult.Fail("'task' is required and must be a non-empty string");
        }

        var typeName = arguments.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString()! : "coding";
        TaskType taskType;
        try
        {
            taskType = JsonSerializer.Deserialize<TaskType>($"\"{typeName}\"");
        }
        catch (JsonException)
        {
            return ToolResult.Fail($"'{typeName}' is not a task type");
        }

        var queued = await queue.EnqueueAsync(description, taskType, cancellationToken: cancellationToken);
        log.Information($"queued follow-up {queued.Id}");
        return ToolResult.Ok($"Queued {queued.Id} ({typeName}): {description}");
    }
}
