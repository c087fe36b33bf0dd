using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Database;

/// <summary>
/// The shared PostgreSQL store. Unset (the default), the outcome log and the task queue are files in the data
/// directory; set, they live in the database and the files store is never used instead.
/// </summary>
internal sealed class DatabaseOptions
{
    /// <summary>A <c>postgres://user:password@host:port/database?sslmode=...</c> URL or a keyword string (<c>Host=...;Username=...</c>).</summary>
    [ConfigurationKeyName("AGENT42_DATABASE_URL")]
    public string? Url { get; set; }

    /// <summary>How long opening a connection may take before the database counts as unreachable.</summary>
    [ConfigurationKeyName("AGENT42_DATABASE_CONNECT_TIMEOUT_SECONDS")]
    [Range(1, 300, ErrorMessage = "AGENT42_DATABASE_CONNECT_TIMEOUT_SECONDS must be between 1 and 300")]
    public int ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>How long one statement may run.</summary>
    [ConfigurationKeyName("AGENT42_DATABASE_COMMAND_TIMEOUT_SECONDS")]
    [Range(1, 3600, ErrorMessage = "AGENT42_DATABASE_COMMAND_TIMEOUT_SECONDS must be between 1 and 3600")]
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>True when a database is configured (a blank value counts as unset, as in a copied <c>.env.example</c>).</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    /// <summary>The parsed target; throws <see cref="Configuration.ConfigurationException"/> naming what is wrong, never the password.</summary>
    public DatabaseTarget Target() =>
        DatabaseTarget.Parse(Url ?? string.Empty, ConnectTimeoutSeconds, CommandTimeoutSeconds);
}
