namespace Agent42.Tests.Cli;

/// <summary>README tells users to copy .env.example to .env: that copy must start cleanly as it is.</summary>
public sealed class DotEnvExampleTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string RepositoryFile(string name)
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Agent42.sln")))
            {
                return Path.Combine(dir.FullName, name);
            }
        }

        throw new FileNotFoundException($"{name} not found above the test directory");
    }

    [TestCase("tools", "list")]
    [TestCase("models", "list")]
    [TestCase("routing", "show")]
    public async Task TheExampleCopiedAsIs_StartsCleanly(string command, string subcommand)
    {
        File.Copy(RepositoryFile(".env.example"), _cli.Directory.Combine(".env"));
        _cli.Environment.Remove("MODEL_RESEARCH_ENABLED");

        var outcome = await _cli.RunAsync(command, subcommand);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(outcome.Error, Is.Empty);
        });
    }
}
