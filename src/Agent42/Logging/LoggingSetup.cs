using Agent42.Core.Configuration;
using Agent42.Core.Hosting;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog;

namespace Agent42.Logging;

/// <summary>
/// Serilog for Agent42: terminal messages on stderr at the chosen level (stack traces only at debug or below),
/// and a rolling file under the data directory that always keeps information and above.
/// </summary>
internal static class LoggingSetup
{
    public const string LogFolder = "logs";

    public static Logger Create(Agent42Settings settings, TextWriter stderr)
    {
        var consoleLevel = ParseLevel(settings.Agent42.LogLevel);
        var fileLevel = consoleLevel < LogEventLevel.Information ? consoleLevel : LogEventLevel.Information;
        var consoleTemplate = IsDetailed(consoleLevel)
            ? "[{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"
            : "[{Level:u3}] {Message:lj}{NewLine}";

        return new LoggerConfiguration()
            .MinimumLevel.Is(fileLevel)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Sink(new TextWriterSink(stderr, new MessageTemplateTextFormatter(consoleTemplate)), consoleLevel)
            .WriteTo.File(
                Path.Combine(settings.DataDirectory, LogFolder, "agent42-.log"),
                restrictedToMinimumLevel: fileLevel,
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14,
                shared: true,
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
            .CreateLogger();
    }

    public static LogEventLevel ParseLevel(string? level) => level?.ToLowerInvariant() switch
    {
        "verbose" => LogEventLevel.Verbose,
        "debug" => LogEventLevel.Debug,
        "information" => LogEventLevel.Information,
        "error" => LogEventLevel.Error,
        "fatal" => LogEventLevel.Fatal,
        _ => LogEventLevel.Warning,
    };

    public static bool IsDetailed(LogEventLevel level) => level <= LogEventLevel.Debug;
}
