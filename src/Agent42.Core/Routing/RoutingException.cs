namespace Agent42.Core.Routing;

/// <summary>No model can take the task: every candidate was skipped, or the catalog has none that fits.</summary>
internal sealed class RoutingException(string message) : Exception(message);
