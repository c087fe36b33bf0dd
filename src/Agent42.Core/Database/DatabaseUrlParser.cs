using System.Globalization;
using Agent42.Core.Configuration;
using Npgsql;

namespace Agent42.Core.Database;

/// <summary>
/// Turns <c>AGENT42_DATABASE_URL</c> into Npgsql settings. Both forms libpq users know are accepted: a
/// <c>postgres://</c> (or <c>postgresql://</c>) URL, percent-encoded, with an optional <c>[IPv6]</c> host, port
/// (default 5432) and query parameters, and a keyword string (<c>Host=...;Username=...</c>). Every error is one line
/// that names the part at fault and never echoes the password (nor the whole value, which may hold it).
/// </summary>
internal static class DatabaseUrlParser
{
    public const string Variable = "AGENT42_DATABASE_URL";

    /// <summary>Parses <paramref name="text"/> over <paramref name="defaults"/>: what the value sets wins.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string text, NpgsqlConnectionStringBuilder defaults)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            throw Error("is empty");
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0 && text[..schemeEnd].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
        {
            var scheme = text[..schemeEnd];
            if (!scheme.Equals("postgres", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("postgresql", StringComparison.OrdinalIgnoreCase))
            {
                throw Error($"the scheme '{scheme}' is not postgres:// or postgresql://");
            }

            return ParseUrl(text[(schemeEnd + 3)..], defaults);
        }

        if (text.Contains('='))
        {
            return ParseKeywords(text, defaults);
        }

        throw Error("must be a postgres://user:password@host:port/database URL or a keyword string such as Host=localhost;Username=agent42;Database=agent42");
    }

    private static NpgsqlConnectionStringBuilder ParseUrl(string rest, NpgsqlConnectionStringBuilder builder)
    {

        // The last '@' anywhere ends the user part, so a password with an unencoded '@', '/', '?' or '#' still parses,
        // and no error below can quote a piece of it.
        var main = rest;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            main = rest[(at + 1)..];
            var colon = userInfo.IndexOf(':');
            var user = Decode(colon < 0 ? userInfo : userInfo[..colon], "user name");
            if (user.Length > 0)
            {
                builder.Username = user;
            }

            if (colon >= 0)
            {
                builder.Password = Decode(userInfo[(colon + 1)..], "password");
            }
        }

        if (main.Contains('#'))
        {
            throw Error("has a '#' fragment after the host, which a database URL does not take");
        }

        var queryStart = main.IndexOf('?');
        var query = queryStart < 0 ? string.Empty : main[(queryStart + 1)..];
        main = queryStart < 0 ? main : main[..queryStart];

        var slash = main.IndexOf('/');
        var hostPort = slash < 0 ? main : main[..slash];
        if (slash >= 0)
        {
            var database = Decode(main[(slash + 1)..], "database name");
            if (database.Contains('/'))
            {
                throw Error($"the database name '{database}' has a '/'");
            }

            if (database.Length > 0)
            {
                builder.Database = database;
            }
        }

        var (host, port) = SplitHostPort(hostPort);
        builder.Host = host;
        builder.Port = port;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Decode(eq < 0 ? pair : pair[..eq], "query parameter");
            var value = eq < 0 ? string.Empty : Decode(pair[(eq + 1)..], $"value of {key}");
            ApplyQuery(builder, key, value);
        }

        return builder;
    }

    private static (string Host, int Port) SplitHostPort(string hostPort)
    {
        string host;
        string? port = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']');
            if (close < 0)
            {
                throw Error("has an IPv6 host without its closing ']'");
            }

            host = hostPort[1..close];
            var after = hostPort[(close + 1)..];
            if (after.Length > 0)
            {
                port = after.StartsWith(':') ? after[1..] : throw Error($"has '{after}' after the IPv6 host; expected :port");
            }
        }
        else
        {
            var colon = hostPort.LastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort[..colon];
            port = colon < 0 ? null : hostPort[(colon + 1)..];
            if (host.Contains(':'))
            {
                throw Error($"the host '{host}' looks like an IPv6 address; write it in brackets: [{host}]");
            }

            host = Decode(host, "host");
        }

        if (host.Length == 0)
        {
            throw Error("has no host (expected postgres://user:password@host:port/database)");
        }

        if (host.Any(c => char.IsWhiteSpace(c) || c is ',' or ';' or '/' or '?' or '@'))
        {
            throw Error($"the host '{host}' is not a host name or address");
        }

        return (host, port is null || port.Length == 0 ? 5432 : ParsePort(port));
    }

    private static int ParsePort(string port) =>
        int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 65535
            ? value
            : throw Error($"the port '{port}' is not a number from 1 to 65535");

    private static void ApplyQuery(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        switch (key.ToLowerInvariant())
        {
            case "sslmode":
                builder.SslMode = value.ToLowerInvariant() switch
                {
                    "disable" => SslMode.Disable,
                    "allow" => SslMode.Allow,
                    "prefer" => SslMode.Prefer,
                    "require" => SslMode.Require,
                    "verify-ca" => SslMode.VerifyCA,
                    "verify-full" => SslMode.VerifyFull,
                    _ => throw Error($"sslmode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full"),
                };
                break;
            case "connect_timeout":
                builder.Timeout = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 300
                    ? seconds
                    : throw Error($"connect_timeout '{value}' is not a number of seconds from 1 to 300");
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "sslrootcert":
                builder.RootCertificate = value;
                break;
            case "sslcert":
                builder.SslCertificate = value;
                break;
            case "sslkey":
                builder.SslKey = value;
                break;
            case "user":
                builder.Username = value;
                break;
            case "password":
                builder.Password = value;
                break;
            case "dbname":
                builder.Database = value;
                break;
            case "search_path":
                builder.SearchPath = value;
                break;
            default:
                throw Error($"the query parameter '{key}' is not supported (use sslmode, connect_timeout, application_name, sslrootcert, sslcert, sslkey, user, password, dbname, search_path)");
        }
    }

    private static NpgsqlConnectionStringBuilder ParseKeywords(string text, NpgsqlConnectionStringBuilder builder)
    {
        // The generic builder does the quoting rules; its errors give an index, never a value.
        var generic = new System.Data.Common.DbConnectionStringBuilder();
        try
        {
            generic.ConnectionString = text;
        }
        catch (ArgumentException)
        {
            throw Error("is not a valid keyword string (expected Key=Value pairs separated by ';', values with ';' in quotes)");
        }

        foreach (string key in generic.Keys)
        {
            var value = generic[key]?.ToString() ?? string.Empty;
            var secret = IsSecret(key);
            try
            {
                builder[key] = value;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException or NotSupportedException)
            {
                throw Error(secret ? $"the keyword '{key}' has a value Npgsql does not accept" : $"the keyword '{key}' with value '{value}' is not accepted (unknown keyword or a bad value)");
            }
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw Error("has no Host");
        }

        if (builder.Port is < 1 or > 65535)
        {
            throw Error($"the port '{builder.Port}' is not a number from 1 to 65535");
        }

        return builder;
    }

    private static bool IsSecret(string key) =>
        key.Contains("password", StringComparison.OrdinalIgnoreCase) || key.Equals("pwd", StringComparison.OrdinalIgnoreCase)
        || key.Contains("passfile", StringComparison.OrdinalIgnoreCase);

    private static string Decode(string text, string what)
    {
        // Uri.UnescapeDataString leaves a malformed escape as it is; reject it instead, so a typo is named, not used.
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2])))
            {
                throw Error(what == "password" ? "the password has a '%' that is not a %XX escape (write a literal % as %25)" : $"the {what} has a '%' that is not a %XX escape");
            }
        }

        return Uri.UnescapeDataString(text);
    }

    private static ConfigurationException Error(string what) => new($"{Variable} {what}");
}
