using System.Text;
using Agent42.Core.Plugins;
using Agent42.Core.Plugins.Diagnostics;

namespace Agent42.Cli;

/// <summary>One line per plugin event for a person, followed by the diagnostics of a rejection.</summary>
internal static class PluginEventText
{
    public static string Format(PluginEvent e, string toolsDirectory, DateTimeOffset now)
    {
        var file = Path.GetRelativePath(toolsDirectory, e.FilePath);
        var text = new StringBuilder();
        text.Append(now.ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
        text.Append(e.Kind.ToString().ToLowerInvariant().PadRight(8)).Append(' ').Append(file);
        var errors = e.Diagnostics.Count(d => d.Severity == PluginDiagnosticSeverity.Error);
        switch (e.Kind)
        {
            case PluginEventKind.Loaded or PluginEventKind.Updated:
                text.Append(": ").AppendJoin(", ", e.Tools).Append($" ({e.Milliseconds:0} ms{(e.FromCache ? ", cached" : string.Empty)})");
                break;
            case PluginEventKind.Removed:
                text.Append($" ({e.Milliseconds:0} ms)");
                break;
            case PluginEventKind.Rejected:
                text.Append($": {errors} error{(errors == 1 ? string.Empty : "s")}; ")
                    .Append(e.Tools.Count == 0 ? "no version is live" : $"last good version stays live ({string.Join(", ", e.Tools)})");
                break;
        }

        text.Append('\n');
        foreach (var diagnostic in e.Diagnostics)
        {
            text.Append("  ").Append(diagnostic).Append('\n');
        }

        return text.ToString();
    }
}
