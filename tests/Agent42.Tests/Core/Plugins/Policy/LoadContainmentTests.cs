using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Plugins.Policy;

/// <summary>
/// Class 3.6: <c>#load</c> resolves the real path of every component, so no chain of links leads outside the
/// tools directory, and a refused target is never read: its text cannot come back in a diagnostic.
/// </summary>
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class LoadContainmentTests : IDisposable
{
    private const string Secret = "SecretWordFromOutside";
    private readonly PluginHarness _harness = new();
    private readonly TempDirectory _outside = new();

    public LoadContainmentTests() => _outside.Write("evil.csx", $"public static class Evil {{ public static int X = {Secret}; }}\n");

    public void Dispose()
    {
        _harness.Dispose();
        _outside.Dispose();
    }

    [Test]
    public void LinkToAFolderLinkInsideTheToolsFolder_LeadingOutside_IsRefusedUnread()
    {
        Directory.CreateSymbolicLink(_harness.Tools.Combine("b"), _outside.Path);
        Directory.CreateSymbolicLink(_harness.Tools.Combine("a"), _harness.Tools.Combine("b"));

        AssertRefusedUnread("a/evil.csx");
    }

    [Test]
    public void RelativeLinkTargetLeadingOutside_IsRefusedUnread()
    {
        Directory.CreateSymbolicLink(_harness.Tools.Combine("up"), Path.GetRelativePath(_harness.Tools.Path, _outside.Path));
        Directory.CreateSymbolicLink(_harness.Tools.Combine("alias"), "up");

        AssertRefusedUnread("alias/evil.csx");
    }

    [Test]
    public void ChainOfFileLinksLeadingOutside_IsRefusedUnread()
    {
        File.CreateSymbolicLink(_harness.Tools.Combine("_second.csx"), _outside.Combine("evil.csx"));
        File.CreateSymbolicLink(_harness.Tools.Combine("_first.csx"), "_second.csx");

        AssertRefusedUnread("_first.csx");
    }

    [Test]
    public void LinkThroughADotDotAfterALink_IsResolvedPhysically()
    {
        Directory.CreateDirectory(_outside.Combine("deep"));
        Directory.CreateSymbolicLink(_harness.Tools.Combine("deep"), _outside.Combine("deep"));

        // Lexically deep/../x stays inside; the file Roslyn would open is outside's evil.csx after the link.
        File.CreateSymbolicLink(_harness.Tools.Combine("_hop.csx"), "deep/../evil.csx");

        AssertRefusedUnread("_hop.csx");
    }

    [Test]
    public void LinksThatStayInside_AreFollowed()
    {
        _harness.Tools.Write("lib/_shared.csx", "public static class Shared { public const string Text = \"shared\"; }\n");
        Directory.CreateSymbolicLink(_harness.Tools.Combine("lib2"), _harness.Tools.Combine("lib"));
        Directory.CreateSymbolicLink(_harness.Tools.Combine("lib3"), "lib2");

        var build = _harness.Compile("main.csx", "#load \"lib3/_shared.csx\"\n" + PluginHarness.RawTool("MainTool", "main_link", "Shared.Text"));

        Assert.That(build.Succeeded, Is.True, () => string.Join("\n", build.Diagnostics));
    }

    [Test]
    public void LinkLoop_IsRefusedWithoutHanging()
    {
        Directory.CreateSymbolicLink(_harness.Tools.Combine("loop1"), _harness.Tools.Combine("loop2"));
        Directory.CreateSymbolicLink(_harness.Tools.Combine("loop2"), _harness.Tools.Combine("loop1"));

        var build = _harness.Compile("main.csx", "#load \"loop1/x.csx\"\npublic class A { }\n");

        Assert.That(build.Succeeded, Is.False);
    }

    private void AssertRefusedUnread(string load)
    {
        var build = _harness.Compile("main.csx", $"#load \"{load}\"\npublic class A {{ }}\n");

        Assert.That(build.Succeeded, Is.False);
        Assert.That(build.Diagnostics.Where(d => d.IsError).Select(d => d.Code), Is.EqualTo(new[] { PluginDiagnosticCodes.LoadOutsideToolsDirectory }),
            () => string.Join("\n", build.Diagnostics));
        Assert.That(build.Diagnostics.Select(d => d.Message), Has.None.Contains(Secret));
        Assert.That(build.SourceFiles, Has.Count.EqualTo(1));
    }
}
