namespace Agent42.Core.Http;

/// <summary>A connection the destination rule refused; the message names the host, the class and the setting.</summary>
internal sealed class DestinationRefusedException(string host, string message) : IOException(message)
{
    /// <summary>The host whose connection was refused: the request's own, or a redirect's.</summary>
    public string Host { get; } = host;
}
