namespace Agent42.Core.Configuration;

/// <summary>
/// The three directories every concern may need, resolved to absolute paths at start-up: the host-wide part of the
/// settings, so a concern takes these rather than the whole settings record (which knows every concern's options).
/// </summary>
/// <param name="Workspace">Where tools work; every tool path stays inside it.</param>
/// <param name="ToolsDirectory">Custom tool sources.</param>
/// <param name="DataDirectory">Agent42's own state.</param>
internal sealed record Agent42Paths(string Workspace, string ToolsDirectory, string DataDirectory);
