using System.Text;
using System.Text.Json;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins.Loading;
using Agent42.Sdk;

namespace Agent42.Core.Plugins.Isolation;

/// <summary>
/// The activation child's side of <c>agent42 tools check</c>: reads one <see cref="ActivationRequest"/>, loads
/// the image and creates and validates its tools under the load deadline, exactly as a host would, and writes one
/// <see cref="ActivationReport"/> as a single line. Whatever the tools' code does happens in this process, which
/// the checking process throws away.
/// </summary>
internal sealed class ActivationChild(ToolContext context, PluginOptions options, TimeProvider time)
{
    public void Run(TextReader input, TextWriter output)
    {
        var report = Activate(input.ReadToEnd());
        output.Write(Encoding.UTF8.GetString(ToJson(report)));
        output.Write('\n');
        output.Flush();
    }

    private ActivationReport Activate(string requestJson)
    {
        PluginBuild build;
        try
        {
            using var request = JsonDocument.Parse(requestJson);
            build = ActivationRequest.Read(request.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or BadImageFormatException)
        {
            return ActivationReport.Failed(PluginDiagnostic.Error(PluginSourceLocation.StartOf("(activation request)"), PluginDiagnosticCodes.LoadFailed,
                $"the activation request could not be read: {ex.Message}"));
        }

        var loaded = new PluginLoader(context, TimeSpan.FromSeconds(options.LoadTimeoutSeconds), time).Load(build);
        try
        {
            return new ActivationReport(loaded.Snapshots.Select(s => s.Name).ToArray(), loaded.Diagnostics);
        }
        finally
        {
            loaded.Unload();
        }
    }

    private static byte[] ToJson(ActivationReport report)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            report.Write(writer);
        }

        return stream.ToArray();
    }
}
