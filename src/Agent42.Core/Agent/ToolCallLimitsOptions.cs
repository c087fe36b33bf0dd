using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Agent;

/// <summary>
/// How many tool calls a model may have run. The calls are the model's choice, so they are untrusted input: without
/// a cap one answer asking for 10,000 calls would run them all.
/// </summary>
internal sealed class ToolCallLimitsOptions
{
    /// <summary>The most calls run from one model message; the rest are not run and the model is told so.</summary>
    [ConfigurationKeyName("MODEL_MAX_TOOL_CALLS_PER_MESSAGE")]
    [Range(1, 1_000, ErrorMessage = "MODEL_MAX_TOOL_CALLS_PER_MESSAGE must be between 1 and 1000")]
    public int PerMessage { get; set; } = 16;

    /// <summary>The most calls run in one task, over every iteration; past it the model is offered no tools.</summary>
    [ConfigurationKeyName("MODEL_MAX_TOOL_CALLS_PER_RUN")]
    [Range(1, 100_000, ErrorMessage = "MODEL_MAX_TOOL_CALLS_PER_RUN must be between 1 and 100000")]
    public int PerRun { get; set; } = 100;
}
