using System.Globalization;
using Npgsql;

namespace Agent42.Core.Database;

/// <summary>
/// A parsed <c>AGENT42_DATABASE_URL</c>: where to connect and as whom. The password is held only inside
/// <see cref="ConnectionString"/>; <see cref="ToString"/> and <see cref="Redacted"/> never show it.
/// </summary>
internal sealed class DatabaseTarget
{
    private DatabaseTarget(NpgsqlConnectionStringBuilder builder)
    {
        Host = builder.Host ?? string.Empty;
        Port = builder.Port;
        Username = builder.Username ?? Environment.UserName;
        // Npgsql, like libpq, connects to the database named after the user when none is given.
        Database = builder.Database ?? Username;
        HasPassword = !string.IsNullOrEmpty(builder.Password);
        ConnectionString = builder.ConnectionString;
    }

    public string Host { get; }

    public int Port { get; }

    public string Database { get; }

    public string Username { get; }

    public bool HasPassword { get; }

    /// <summary>The Npgsql connection string, password included: for the data source only, never for output.</summary>
    public string ConnectionString { get; }

    /// <summary>The target as a URL with the password replaced by <c>***</c>, for status output and errors.</summary>
    public string Redacted =>
        string.Create(CultureInfo.InvariantCulture, $"postgres://{Uri.EscapeDataString(Username)}{(HasPassword ? ":***" : string.Empty)}@{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}/{Uri.EscapeDataString(Database)}");

    /// <summary>Host, port, database and user in words, for one-line errors.</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}, database '{Database}', user '{Username}'");

    /// <summary>Parses the URL or keyword string and applies the time-outs unless the value sets its own.</summary>
    public static DatabaseTarget Parse(string text, int connectTimeoutSeconds, int commandTimeoutSeconds)
    {
        var builder = DatabaseUrlParser.Parse(text, new NpgsqlConnectionStringBuilder
        {
            Timeout = connectTimeoutSeconds,
            CommandTimeout = commandTimeoutSeconds,
        });
        builder.ApplicationName ??= "agent42";
        return new DatabaseTarget(builder);
    }

    public override string ToString() => Redacted;
}
