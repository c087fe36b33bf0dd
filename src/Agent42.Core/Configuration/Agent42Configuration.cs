using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Configuration;

/// <summary>
/// Builds Agent42's configuration in its documented order, each layer overriding the one before:
/// the defaults in the options classes, then <c>.env</c> in the working directory, then environment
/// variables, then command-line options.
/// </summary>
internal static class Agent42Configuration
{
    public const string DotEnvFileName = ".env";

    public static IConfigurationRoot Build(
        string currentDirectory,
        IReadOnlyDictionary<string, string?> environment,
        IReadOnlyDictionary<string, string?> commandLine)
    {
        var builder = new ConfigurationBuilder();
        var dotEnvPath = Path.Combine(currentDirectory, DotEnvFileName);
        if (File.Exists(dotEnvPath))
        {
            var values = DotEnvParser.Parse(File.ReadAllText(dotEnvPath), DotEnvFileName);
            builder.AddInMemoryCollection(values.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));
        }

        builder.AddInMemoryCollection(environment);
        builder.AddInMemoryCollection(commandLine.Where(p => p.Value is not null));
        return builder.Build();
    }
}
