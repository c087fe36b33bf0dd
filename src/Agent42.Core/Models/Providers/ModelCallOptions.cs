using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Models.Providers;

/// <summary>Limits on what a model call may send back.</summary>
internal sealed class ModelCallOptions
{
    /// <summary>
    /// The largest answer read from a model, in KB. A model's answer is untrusted input: past this it is cut off
    /// while it is read (never buffered whole) and the call fails as malformed, so the run falls back to the next model.
    /// </summary>
    [ConfigurationKeyName("MODEL_MAX_RESPONSE_KB")]
    [Range(16, 1_048_576, ErrorMessage = "MODEL_MAX_RESPONSE_KB must be between 16 and 1048576")]
    public int MaxResponseKb { get; set; } = 1024;
}
