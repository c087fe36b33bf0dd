namespace Agent42.Core.Http;

/// <summary>A bounded fetch that failed; the message names the URL and says what went wrong, ready to show.</summary>
internal sealed class HttpFetchException(string message) : Exception(message)
{
    /// <summary>Whether it failed only for want of a network (see <see cref="NetworkFailure"/>): nothing answered at all.</summary>
    public bool Unreachable { get; init; }
}
