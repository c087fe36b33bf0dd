using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agent42.Core.Configuration;

/// <summary>
/// Loads <c>.env</c> through <see cref="DotEnvParser"/>. A malformed file stops start-up with its line number; a
/// malformed edit after that is logged as a warning and the last good values stay in use until it is fixed.
/// </summary>
/// <remarks>
/// The base class cannot do the second part: when a reload fails it empties the data before it calls
/// <see cref="FileConfigurationSource.OnLoadException"/>, and ignoring the exception there would leave every key
/// gone. So a failed reload is caught here, before the base sees it.
/// </remarks>
internal sealed partial class DotEnvConfigurationProvider(DotEnvConfigurationSource source) : FileConfigurationProvider(source)
{
    // Orders the first load against a reload the watcher may start meanwhile, so the reload knows it is one.
    private readonly Lock _gate = new();
    private bool _loaded;

    /// <summary>
    /// Where a rejected edit is reported. Set once logging exists, which is after configuration is built: logging's
    /// own settings come from it.
    /// </summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    public override void Load()
    {
        lock (_gate)
        {
            try
            {
                base.Load();
            }
            catch (InvalidDataException ex) when (ex.InnerException is ConfigurationException problem)
            {
                // Nothing else can dispose this provider: ConfigurationRoot keeps none whose first load threw.
                Dispose();
                ExceptionDispatchInfo.Throw(problem);
            }

            _loaded = true;
        }
    }

    public override void Load(Stream stream)
    {
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        lock (_gate)
        {
            IReadOnlyDictionary<string, string> values;
            try
            {
                values = DotEnvParser.Parse(text, FileName);
            }
            catch (ConfigurationException ex) when (_loaded)
            {
                LogEditIgnored(Logger, FileName, ex.Message);
                return;
            }

            Data = values.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.OrdinalIgnoreCase);
        }
    }

    private string FileName => Source.Path ?? string.Empty;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            // The source's file provider polls on a timer; this provider is the only user of it.
            (Source.FileProvider as IDisposable)?.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring the edit to {File}: {Problem}; its previous values stay in use until it is fixed")]
    private static partial void LogEditIgnored(ILogger logger, string file, string problem);
}
