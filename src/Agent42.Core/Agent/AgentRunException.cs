namespace Agent42.Core.Agent;

/// <summary>A run could not complete: every candidate model failed, or the endpoint refused the key.</summary>
internal sealed class AgentRunException(string message, Exception? inner = null) : Exception(message, inner);
