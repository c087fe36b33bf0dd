using Microsoft.Extensions.Logging;

namespace Agent42.Core.Storage;

/// <summary>Log messages of the state files.</summary>
internal static partial class StateFileLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} could not be read ({Problem}); it was kept as {Kept}")]
    public static partial void Corrupt(ILogger logger, string path, string problem, string kept);
}
