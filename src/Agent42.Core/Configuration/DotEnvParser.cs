using System.Text;
using System.Text.RegularExpressions;

namespace Agent42.Core.Configuration;

/// <summary>
/// Parses a <c>.env</c> file: <c>KEY=value</c> lines, optional <c>export</c>, <c>#</c> comments, single quotes
/// (literal) and double quotes (with <c>\n</c>, <c>\t</c>, <c>\"</c> and <c>\\</c> escapes).
/// </summary>
/// <remarks>
/// Hand-written rather than DotNetEnv because a malformed line must stop start-up with the file and line
/// number, and the values must feed configuration without being written into the process environment.
/// </remarks>
internal static partial class DotEnvParser
{
    public static IReadOnlyDictionary<string, string> Parse(string text, string fileName)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (i == 0)
            {
                line = line.TrimStart('\uFEFF');
            }

            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var (key, value) = ParseLine(line, fileName, i + 1);
            values[key] = value;
        }

        return values;
    }

    private static (string Key, string Value) ParseLine(string line, string fileName, int lineNumber)
    {
        if (ExportPrefix().Match(line) is { Success: true } export)
        {
            line = line[export.Length..];
        }

        var equals = line.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw Error(fileName, lineNumber, equals < 0
                ? "expected KEY=VALUE; the line has no '=' (its text is not shown: it may be a pasted secret)"
                : "expected KEY=VALUE; the line has no name before '='");
        }

        var key = line[..equals].Trim();
        if (!KeyPattern().IsMatch(key))
        {
            throw Error(fileName, lineNumber, $"'{Shorten(key)}' is not a valid variable name (letters, digits and _, not starting with a digit)");
        }

        var raw = line[(equals + 1)..].Trim();
        return (key, ParseValue(raw, fileName, lineNumber, key));
    }

    private static string ParseValue(string raw, string fileName, int lineNumber, string key)
    {
        if (raw.Length == 0)
        {
            return string.Empty;
        }

        var quote = raw[0];
        if (quote is not ('"' or '\''))
        {
            // An unquoted value ends at a comment that follows white space (a space or a tab).
            var comment = InlineComment().Match(raw);
            return (comment.Success ? raw[..comment.Index] : raw).TrimEnd();
        }

        var builder = new StringBuilder();
        for (var i = 1; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == quote)
            {
                var rest = raw[(i + 1)..].Trim();
                if (rest.Length > 0 && !rest.StartsWith('#'))
                {
                    throw Error(fileName, lineNumber, $"unexpected text after the closing quote of {key} ({rest.Length} characters, not shown: they may be part of a secret)");
                }

                return builder.ToString();
            }

            if (c == '\\' && quote == '"' && i + 1 < raw.Length)
            {
                i++;
                builder.Append(raw[i] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    var other => other,
                });
                continue;
            }

            builder.Append(c);
        }

        throw Error(fileName, lineNumber, $"the value of {key} has no closing {quote} (values must be on one line)");
    }

    private static ConfigurationException Error(string fileName, int lineNumber, string problem) =>
        new($"{fileName} line {lineNumber}: {problem}");

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.]*$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^export\s+")]
    private static partial Regex ExportPrefix();

    [GeneratedRegex(@"\s#")]
    private static partial Regex InlineComment();
}
