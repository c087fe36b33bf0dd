using Agent42.Sdk;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Tools;

/// <summary>Adapts the host's logging to the SDK's small <see cref="IToolLogger"/>.</summary>
internal sealed class ToolLogger : IToolLogger
{
    private readonly ILogger _logger;

    // Not public: only the host builds the services it hands to tools (HostServiceConstructorTests).
    internal ToolLogger(ILogger logger)
    {
        _logger = logger;
    }

#pragma warning disable CA1848, CA2254 // A tool's messages are free text, not templates.
    public void Debug(string message) => _logger.LogDebug("{Message}", message);

    public void Information(string message) => _logger.LogInformation("{Message}", message);

    public void Warning(string message) => _logger.LogWarning("{Message}", message);

    public void Error(string message, Exception? exception = null) => _logger.LogError(exception, "{Message}", message);
#pragma warning restore CA1848, CA2254
}
