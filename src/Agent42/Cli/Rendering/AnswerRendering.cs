namespace Agent42.Cli.Rendering;

/// <summary>
/// Which printer an answer gets: markdown rendered when stdout is this process's terminal; the model's text byte for
/// byte when it is piped or redirected (a script gets what the model wrote); control characters stripped but no
/// styling on a terminal that asked for none (<c>NO_COLOR</c> set to anything, https://no-color.org, or <c>TERM=dumb</c>).
/// </summary>
internal static class AnswerRendering
{
    public static AnswerPrinter For(CliConsole console)
    {
        var plain = new PlainAnswerPrinter(console.Out);
        if (!IsTerminal(console))
        {
            return plain;
        }

        return WantsPlain(console.Environment) ? new SanitizedAnswerPrinter(plain) : new MarkdownAnswerPrinter(console.Out, Width());
    }

    /// <summary>Whether stdout is this process's own terminal (a test's writer never is).</summary>
    public static bool IsTerminal(CliConsole console) => ReferenceEquals(console.Out, Console.Out) && !Console.IsOutputRedirected;

    /// <summary><c>NO_COLOR</c> present and not empty, or <c>TERM=dumb</c>: text without styling.</summary>
    public static bool WantsPlain(IReadOnlyDictionary<string, string?> environment) =>
        environment.GetValueOrDefault("NO_COLOR") is { Length: > 0 }
        || string.Equals(environment.GetValueOrDefault("TERM"), "dumb", StringComparison.Ordinal);

    private static int Width()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
