using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Models.Providers;

/// <summary>Limits on what a model call may send back, and how slowly.</summary>
internal sealed class ModelCallOptions
{
    /// <summary>
    /// The largest answer read from a model, in KB. A model's answer is untrusted input: past this it is cut off
    /// while it is read (never buffered whole) and the call fails as malformed, so the run falls back to the next model.
    /// </summary>
    [ConfigurationKeyName("MODEL_MAX_RESPONSE_KB")]
    [Range(16, 1_048_576, ErrorMessage = "MODEL_MAX_RESPONSE_KB must be between 16 and 1048576")]
    public int MaxResponseKb { get; set; } = 1024;

    /// <summary>
    /// How long a streamed answer may go without a data event, in seconds, once it has started: past this the stream
    /// counts as stalled (a time-out) and the next model answers. OpenRouter's keep-alive comments do not count as data,
    /// so a provider that only keeps the connection open is still caught.
    /// </summary>
    [ConfigurationKeyName("MODEL_STREAM_IDLE_SECONDS")]
    [Range(1, 3600, ErrorMessage = "MODEL_STREAM_IDLE_SECONDS must be between 1 and 3600")]
    public int StreamIdleSeconds { get; set; } = 30;
}
