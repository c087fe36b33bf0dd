using Agent42.Sdk;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Tools;

/// <summary>Adapts the host's logging to the SDK's small <see cref="IToolLogger"/>.</summary>
internal sealed class ToolLogger(ILogger logger) : IToolLogger
{
#pragma warning disable CA1848, CA2254 // A tool's messages are free text, not templates.
    public void Debug(string message) => logger.LogDebug("{Message}", message);

    public void Information(string message) => logger.LogInformation("{Message}", message);

    public void Warning(string message) => logger.LogWarning("{Message}", message);

    public void Error(string message, Exception? exception = null) => logger.LogError(exception, "{Message}", message);
#pragma warning restore CA1848, CA2254
}
