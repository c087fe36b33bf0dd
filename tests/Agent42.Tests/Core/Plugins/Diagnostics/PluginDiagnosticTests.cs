using Agent42.Core.Plugins.Diagnostics;

namespace Agent42.Tests.Core.Plugins.Diagnostics;

public sealed class PluginDiagnosticTests
{
    [Test]
    public void ToString_Error_HasTheCompilersShape()
    {
        var diagnostic = PluginDiagnostic.Error(new PluginSourceLocation("/tools/a.cs", 3, 7), "A42001", "System.IO.File is not allowed in tools: why; instead");

        Assert.That(diagnostic.ToString(), Is.EqualTo("/tools/a.cs(3,7): error A42001: System.IO.File is not allowed in tools: why; instead"));
    }

    [Test]
    public void ToString_Warning_SaysWarning()
    {
        var diagnostic = PluginDiagnostic.Warning(PluginSourceLocation.StartOf("/tools/a.cs"), "A42201", "bad name");

        Assert.That(diagnostic.ToString(), Is.EqualTo("/tools/a.cs(1,1): warning A42201: bad name"));
        Assert.That(diagnostic.IsError, Is.False);
    }
}
