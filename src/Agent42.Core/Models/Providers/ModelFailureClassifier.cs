using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Agent42.Core.Models.Providers;

/// <summary>
/// Turns an error answer (an HTTP status with OpenRouter's <c>{"error":{"code","message","metadata"}}</c> body, or an
/// error body inside a 200) into a <see cref="ModelCallException"/> of the right <see cref="ModelFailureKind"/>.
/// </summary>
internal static class ModelFailureClassifier
{
    public static ModelCallException Classify(int status, string body, HttpResponseHeaders? headers, DateTimeOffset now)
    {
        var (code, message, metadata) = ReadError(body);
        var effective = status is >= 200 and < 300 ? code ?? 500 : status;
        var retryAfter = RetryAfter(headers, now);
        var text = message ?? (body.Length > 200 ? body[..200] : body);
        var summary = $"HTTP {effective}: {text}";

        if (effective == 429)
        {
            if (Contains(message, "free-models-per-day"))
            {
                return new ModelCallException(ModelFailureKind.AccountQuota, summary, effective, retryAfter, ResetAt(metadata, headers));
            }

            if (Contains(message, "free-models-per-min"))
            {
                return new ModelCallException(ModelFailureKind.PoolRateLimit, summary, effective, retryAfter, ResetAt(metadata, headers));
            }

            return new ModelCallException(ModelFailureKind.ModelRateLimit, summary, effective, retryAfter, providerName: ProviderName(metadata));
        }

        var kind = effective switch
        {
            401 or 403 => ModelFailureKind.Unauthorized,
            402 => ModelFailureKind.NoCredits,
            404 when Contains(message, "tool use") => ModelFailureKind.NoToolSupport,
            404 or 410 => ModelFailureKind.ModelGone,
            400 or 413 or 422 => ModelFailureKind.BadRequest,
            408 => ModelFailureKind.Timeout,
            _ => ModelFailureKind.ServerError,
        };
        return new ModelCallException(kind, summary, effective, retryAfter, providerName: ProviderName(metadata));
    }

    /// <summary>The error object of a body, if it has one.</summary>
    public static bool HasError(string body, out int? code)
    {
        code = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : null;
                return true;
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    private static (int? Code, string? Message, JsonElement Metadata) ReadError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                int? code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : null;
                var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                var metadata = error.TryGetProperty("metadata", out var md) && md.ValueKind == JsonValueKind.Object ? md.Clone() : default;
                if (metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("raw", out var raw) && raw.ValueKind == JsonValueKind.String)
                {
                    message = $"{message} ({raw.GetString()})";
                }

                return (code, message, metadata);
            }
        }
        catch (JsonException)
        {
        }

        return (null, null, default);
    }

    private static bool Contains(string? text, string value) => text?.Contains(value, StringComparison.OrdinalIgnoreCase) == true;

    private static string? ProviderName(JsonElement metadata) =>
        metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("provider_name", out var p) && p.ValueKind == JsonValueKind.String
            ? p.GetString()
            : null;

    private static TimeSpan? RetryAfter(HttpResponseHeaders? headers, DateTimeOffset now) => headers?.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    /// <summary><c>X-RateLimit-Reset</c> in milliseconds since the epoch, from the error's metadata or the response headers.</summary>
    private static DateTimeOffset? ResetAt(JsonElement metadata, HttpResponseHeaders? headers)
    {
        string? value = null;
        if (metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object
            && h.TryGetProperty("X-RateLimit-Reset", out var reset))
        {
            value = reset.ValueKind == JsonValueKind.String ? reset.GetString() : reset.GetRawText();
        }
        else if (headers?.TryGetValues("X-RateLimit-Reset", out var values) == true)
        {
            value = values.FirstOrDefault();
        }

        return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
    }
}
