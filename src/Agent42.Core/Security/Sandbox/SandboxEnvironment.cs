namespace Agent42.Core.Security.Sandbox;

/// <summary>
/// The environment a sandboxed command gets: a short allow-list of what programs need to behave (where to find
/// programs, the locale, the terminal), never a variable named like a secret, even when the allow-list would pass it.
/// </summary>
internal static class SandboxEnvironment
{
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TERM", "COLORTERM", "NO_COLOR", "TZ",
        "DOTNET_ROOT", "DOTNET_CLI_TELEMETRY_OPTOUT", "DOTNET_NOLOGO", "JAVA_HOME", "GOROOT", "GOPATH",
        "CARGO_HOME", "RUSTUP_HOME", "VIRTUAL_ENV",
    };

    // Substrings of a secret's name, and the prefixes of Agent42's own settings, compared case-insensitively.
    private static readonly string[] SecretWords = ["KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "AUTH", "COOKIE", "SESSION"];
    private static readonly string[] OwnPrefixes = ["OPENROUTER_", "AGENT42_"];

    public static IReadOnlyDictionary<string, string> Scrub(IEnumerable<KeyValuePair<string, string?>> environment)
    {
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in environment)
        {
            if (value is not null && IsAllowed(name) && !LooksSecret(name))
            {
                kept[name] = value;
            }
        }

        return kept;
    }

    /// <summary>True for a name a sandboxed command never gets, whatever the allow-list says.</summary>
    public static bool LooksSecret(string name) =>
        SecretWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase))
        || OwnPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    private static bool IsAllowed(string name) => Allowed.Contains(name) || name.StartsWith("LC_", StringComparison.Ordinal);
}
