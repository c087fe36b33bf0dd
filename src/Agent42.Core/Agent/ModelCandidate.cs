namespace Agent42.Core.Agent;

/// <summary>A model the run may use: Agent42's key and the provider's model id.</summary>
internal sealed record ModelCandidate(string Key, string ProviderModelId);
