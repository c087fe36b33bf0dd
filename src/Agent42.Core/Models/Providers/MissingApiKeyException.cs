namespace Agent42.Core.Models.Providers;

/// <summary>A command needs a model, and there is no key for the configured endpoint; the message says what to set.</summary>
internal sealed class MissingApiKeyException(string message) : Exception(message);
