namespace Agent42.Core.Configuration;

/// <summary>A setting is missing, malformed or out of range; the message is one line naming it.</summary>
internal sealed class ConfigurationException(string message) : Exception(message);
