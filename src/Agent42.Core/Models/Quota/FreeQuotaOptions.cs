using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Models.Quota;

/// <summary>OpenRouter's daily limit on requests to free models, against which the summary line counts.</summary>
internal sealed class FreeQuotaOptions
{
    /// <summary>
    /// Requests a day to free models: 50 on an account without credits, 1000 once credits were bought (OpenRouter's
    /// figures; its days are UTC). Only what the summary line compares with: OpenRouter enforces the real one.
    /// </summary>
    [ConfigurationKeyName("OPENROUTER_FREE_DAILY_LIMIT")]
    [Range(1, 1_000_000, ErrorMessage = "OPENROUTER_FREE_DAILY_LIMIT must be between 1 and 1000000")]
    public int DailyLimit { get; set; } = 50;
}
