using ModelContextProtocol.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agent42.Core.Mcp;

/// <summary>
/// Builds the transport for a server. A stdio server runs in the workspace with only the variables its entry's
/// <c>env</c> gives, over a small base (<see cref="BaseVariables"/>) that programs need to start: never Agent42's
/// whole environment, which holds <c>OPENROUTER_API_KEY</c> and whatever else the user exported.
/// </summary>
internal sealed class McpLaunch(string workspace, Func<string, string?> environment)
{
    /// <summary>The variables a stdio server inherits from Agent42 (the TypeScript and Python SDKs' list, plus locale and temp).</summary>
    public static readonly IReadOnlyList<string> BaseVariables = ["HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ"];

    /// <summary>The environment <paramref name="config"/>'s server starts with.</summary>
    public Dictionary<string, string?> Environment(McpServerConfig config)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in BaseVariables)
        {
            if (environment(name) is { Length: > 0 } value)
            {
                variables[name] = value;
            }
        }

        foreach (var (name, value) in config.Env)
        {
            variables[name] = value;
        }

        return variables;
    }

    public IClientTransport Transport(McpServerConfig config, Action<string> stderrLine) => config.Transport == McpTransport.Http
        ? new HttpClientTransport(new HttpClientTransportOptions
        {
            Name = config.Name,
            Endpoint = config.Url!,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = config.Headers.ToDictionary(h => h.Key, h => h.Value),
        }, NullLoggerFactory.Instance)
        : new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = config.Name,
            Command = config.Command!,
            Arguments = config.Args.ToList(),
            WorkingDirectory = workspace,
            InheritEnvironmentVariables = false,
            EnvironmentVariables = Environment(config),
            StandardErrorLines = stderrLine,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        }, NullLoggerFactory.Instance);
}
