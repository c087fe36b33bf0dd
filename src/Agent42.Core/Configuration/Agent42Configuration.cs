using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Configuration;

/// <summary>
/// Builds Agent42's configuration in its documented order, each layer overriding the one before:
/// the defaults in the options classes, then <c>.env</c> in the working directory, then environment
/// variables, then command-line options.
/// </summary>
/// <remarks>
/// <c>.env</c> is reloaded when it changes, so what is read from configuration at use (the API keys, the
/// <c>AGENT42_&lt;TYPE&gt;_*</c> routing overrides) follows edits made while the host runs. Options bound at start-up
/// keep the values they started with.
/// </remarks>
internal static class Agent42Configuration
{
    public const string DotEnvFileName = ".env";

    /// <summary>
    /// The configuration, as a <see cref="ConfigurationManager"/> because it must be disposed: until then <c>.env</c>
    /// is watched. A malformed <c>.env</c> throws a <see cref="ConfigurationException"/> naming the line.
    /// </summary>
    public static ConfigurationManager Build(
        string currentDirectory,
        IReadOnlyDictionary<string, string?> environment,
        IReadOnlyDictionary<string, string?> commandLine)
    {
        var configuration = new ConfigurationManager();
        try
        {
            configuration.Sources.Add(new DotEnvConfigurationSource(currentDirectory, DotEnvFileName));
            configuration.AddInMemoryCollection(environment);
            configuration.AddInMemoryCollection(commandLine.Where(p => p.Value is not null));
            return configuration;
        }
        catch
        {
            configuration.Dispose();
            throw;
        }
    }

    /// <summary>Sends reports of rejected <c>.env</c> edits to <paramref name="logger"/>.</summary>
    public static void ReportDotEnvEditsTo(IConfigurationRoot configuration, ILogger logger)
    {
        foreach (var dotEnv in configuration.Providers.OfType<DotEnvConfigurationProvider>())
        {
            dotEnv.Logger = logger;
        }
    }
}
