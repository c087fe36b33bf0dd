using System.Text;
using System.Text.Json;
using Agent42.Core.Plugins;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins.Isolation;

namespace Agent42.Tests.Core.Plugins.Isolation;

/// <summary>The child's side, in-process: a request in, a report line out, round-tripped as the checking side reads it.</summary>
public sealed class ActivationChildTests : IDisposable
{
    private readonly PluginHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private ActivationReport Run(PluginBuild build)
    {
        using var request = new MemoryStream();
        using (var writer = new Utf8JsonWriter(request))
        {
            ActivationRequest.Write(writer, build);
        }

        using var output = new StringWriter();
        new ActivationChild(_harness.Services.Context, new PluginOptions(), TimeProvider.System)
            .Run(new StringReader(Encoding.UTF8.GetString(request.ToArray())), output);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), "one line of JSON");
        return ActivationReport.Read(lines[0]);
    }

    [Test]
    public void Run_ReportsTheValidatedToolsAndTheLoadersDiagnostics_WithTheirPlaces()
    {
        var build = _harness.Compile("t.cs", PluginHarness.Usings +
            PluginHarness.RawTool("Good", "good_tool") + "\n" +
            PluginHarness.RawTool("Bad", "Bad Name"));

        var report = Run(build);

        var warning = report.Diagnostics.Single();
        Assert.Multiple(() =>
        {
            Assert.That(report.Tools, Is.EqualTo(new[] { "good_tool" }));
            Assert.That(warning.Code, Is.EqualTo(PluginDiagnosticCodes.InvalidName));
            Assert.That(warning.IsError, Is.False);
            Assert.That(warning.FilePath, Is.EqualTo(build.FilePath));
            Assert.That(warning.Line, Is.EqualTo(build.TypeLocations["Bad"].Line), "the place of the type survives the trip");
        });
    }

    [Test]
    public void Run_OfAMalformedRequest_ReportsItInsteadOfThrowing()
    {
        using var output = new StringWriter();

        new ActivationChild(_harness.Services.Context, new PluginOptions(), TimeProvider.System).Run(new StringReader("{\"file\":"), output);

        var report = ActivationReport.Read(output.ToString().Trim());
        Assert.That(report.Diagnostics.Single().Message, Does.StartWith("the activation request could not be read"));
    }
}
