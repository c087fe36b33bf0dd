namespace Agent42.Core.Models.Providers;

/// <summary>An OpenAI-compatible endpoint: where to send chat calls, with which key, and how long to wait.</summary>
internal sealed record ModelEndpoint(Uri BaseUrl, string? ApiKey, TimeSpan Timeout);
