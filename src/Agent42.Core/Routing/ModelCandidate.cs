namespace Agent42.Core.Routing;

/// <summary>A model the run may use: Agent42's key and the provider's model id.</summary>
internal sealed record ModelCandidate(string Key, string ProviderModelId);
