using System.Text.Json;

namespace Agent42.Core.Agent.Approval;

/// <summary>A call the model wants to make, before it runs.</summary>
/// <param name="Tool">The tool's name.</param>
/// <param name="Arguments">The arguments, as the model gave them.</param>
/// <param name="IsReadOnly">Whether the registered tool declared itself read-only.</param>
internal sealed record ToolCallProposal(string Tool, JsonElement Arguments, bool IsReadOnly);
