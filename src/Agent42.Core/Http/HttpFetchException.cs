namespace Agent42.Core.Http;

/// <summary>A bounded fetch that failed; the message names the URL and says what went wrong, ready to show.</summary>
internal sealed class HttpFetchException(string message) : Exception(message);
