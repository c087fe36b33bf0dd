using System.Reflection;
using Agent42.Sdk;
using Agent42.Tests.Support;
using PublicApiGenerator;

namespace Agent42.Tests.Sdk;

/// <summary>
/// Agent42.Sdk is what plugin authors compile against, so every change to its public surface is a decision:
/// the surface is written out and compared with the approved file kept in the repository.
/// </summary>
public sealed class PublicApiApprovalTests
{
    private const string SdkName = "Agent42.Sdk";

    [Test]
    public void ThePublicSurfaceOfTheSdk_IsTheApprovedOne()
    {
        var directory = Path.Combine(ProjectDirectory(), "Sdk");
        var approvedPath = Path.Combine(directory, SdkName + ".approved.txt");
        var receivedPath = Path.Combine(directory, SdkName + ".received.txt");
        var received = Normalized(typeof(Tool).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            IncludeAssemblyAttributes = false,
            ExcludeAttributes = ["System.Diagnostics.DebuggerDisplayAttribute"],
        }));
        var approved = File.Exists(approvedPath) ? Normalized(File.ReadAllText(approvedPath)) : string.Empty;

        if (received == approved)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        Assert.Fail($"""
            The public API of {SdkName} changed. If the change is intended, approve it with
              mv "{receivedPath}" "{approvedPath}"
            Difference (- approved, + now):
            {LineDiff.Between(approved, received)}
            """);
    }

    // The approved file is compared as text with \n line ends, so a checkout that converts line ends still passes.
    private static string Normalized(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";

    private static string ProjectDirectory() =>
        typeof(PublicApiApprovalTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "Agent42.Tests.ProjectDirectory").Value!;
}
