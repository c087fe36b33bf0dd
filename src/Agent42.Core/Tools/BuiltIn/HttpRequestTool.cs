using System.ComponentModel;
using System.Net.Http.Headers;
using System.Text;
using Agent42.Core.Configuration;
using Agent42.Core.Http;
using Agent42.Sdk;

namespace Agent42.Core.Tools.BuiltIn;

/// <summary>Makes an HTTP GET or POST and returns the status and body, capped in size and time.</summary>
internal sealed class HttpRequestTool : Tool<HttpRequestTool.Arguments>, IDisposable
{
    private readonly HttpClient _client;
    private readonly ToolOptions _options;
    private readonly TimeProvider _time;

    // Not public: only the host builds the services it hands to tools (HostServiceConstructorTests).
    internal HttpRequestTool(ToolOptions options, TimeProvider time)
        : this(options, time, new DestinationGuard(options.HttpAllowPrivate))
    {
    }

    /// <summary>With a guard whose resolver or dialler a test has replaced.</summary>
    internal HttpRequestTool(ToolOptions options, TimeProvider time, DestinationGuard guard)
    {
        _options = options;
        _time = time;
        // Redirects are followed by the handler: each hop to a new host opens a new connection, which the guard
        // judges like the first.
        var handler = guard.CreateHandler();
        handler.AllowAutoRedirect = true;
        handler.MaxAutomaticRedirections = 5;
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
        _client = new HttpClient(handler)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Agent42", "0.1"));
    }

    public override string Name => "http_request";

    public override string Description =>
        "Make an HTTP GET or POST request to an http(s) URL and return the status line and the response body (text, size-capped).";

    protected override async Task<ToolResult> RunAsync(Arguments arguments, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(arguments.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return ToolResult.Fail($"'{arguments.Url}' is not an absolute http or https URL");
        }

        var method = arguments.Method.ToUpperInvariant() switch
        {
            "GET" => HttpMethod.Get,
            "POST" => HttpMethod.Post,
            _ => null,
        };
        if (method is null)
        {
            return ToolResult.Fail($"method must be GET or POST, not '{arguments.Method}'");
        }

        using var request = new HttpRequestMessage(method, uri);
        if (arguments.Body is not null)
        {
            request.Content = new StringContent(arguments.Body, Encoding.UTF8, arguments.ContentType ?? "application/json");
        }

        foreach (var (name, value) in arguments.Headers ?? [])
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.HttpTimeoutSeconds), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var (body, truncated) = await ReadCappedAsync(response.Content, _options.HttpMaxResponseKb * 1024, linked.Token).ConfigureAwait(false);
            var status = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            var output = $"{status}\n\n{body}{(truncated ? $"\n... (body cut at {_options.HttpMaxResponseKb} KB; HTTP_MAX_RESPONSE_KB)" : string.Empty)}";
            return response.IsSuccessStatusCode ? ToolResult.Ok(output) : ToolResult.Fail(status, output);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ToolResult.Fail($"no response from {uri.Host} within {_options.HttpTimeoutSeconds} s (HTTP_TIMEOUT_SECONDS)");
        }
        catch (HttpRequestException ex) when (ex.InnerException is DestinationRefusedException refused)
        {
            return ToolResult.Fail(string.Equals(refused.Host, uri.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
                ? $"request to {uri} {refused.Message}"
                : $"request to {uri} redirected to {refused.Host}, which was {refused.Message}");
        }
        catch (HttpRequestException ex)
        {
            return ToolResult.Fail($"request to {uri} failed: {ex.Message}");
        }
    }

    public void Dispose() => _client.Dispose();

    private static async Task<(string Body, bool Truncated)> ReadCappedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[limit + 1];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var truncated = read > limit;
        var encoding = GetEncoding(content.Headers.ContentType?.CharSet);
        return (encoding.GetString(buffer, 0, Math.Min(read, limit)), truncated);
    }

    private static Encoding GetEncoding(string? charset)
    {
        try
        {
            return charset is null ? Encoding.UTF8 : Encoding.GetEncoding(charset.Trim('"'));
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }

    /// <summary>Arguments of http_request.</summary>
    public sealed record Arguments(
        [property: Description("The absolute http or https URL.")] string Url,
        [property: Description("GET or POST.")] string Method = "GET",
        [property: Description("Request body, for POST.")] string? Body = null,
        [property: Description("Content type of the body; defaults to application/json.")] string? ContentType = null,
        [property: Description("Extra request headers.")] Dictionary<string, string>? Headers = null);
}
