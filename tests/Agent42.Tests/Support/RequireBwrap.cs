using Agent42.Core.Security.Sandbox;

namespace Agent42.Tests.Support;

/// <summary>
/// Tests that need a working bubblewrap: skipped with the reason where it cannot run, so README's test command works
/// with only the .NET SDK; failed instead when <c>AGENT42_TEST_REQUIRE_BWRAP=1</c> (CI installs bubblewrap).
/// </summary>
internal static class RequireBwrap
{
    public const string Variable = "AGENT42_TEST_REQUIRE_BWRAP";

    public static async Task OrSkipAsync(ShellSandbox sandbox)
    {
        if (await sandbox.ProblemAsync() is not { } problem)
        {
            return;
        }

        var message = $"bubblewrap cannot run here ({problem}); install the Debian package bubblewrap to run this test";
        if (Environment.GetEnvironmentVariable(Variable) == "1")
        {
            Assert.Fail($"{Variable}=1: {message}");
        }

        Assert.Ignore(message);
    }
}
