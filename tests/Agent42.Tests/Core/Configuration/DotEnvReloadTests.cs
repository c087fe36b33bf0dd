using Agent42.Core.Configuration;
using Agent42.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Agent42.Tests.Core.Configuration;

/// <summary>.env edited while the host runs: values read at use follow it; the layers above it still win.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class DotEnvReloadTests
{
    // .env is polled every 4 s, so a change shows within about 8 s; the margin is for a slow, shared machine.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    public async Task AKeyAddedToDotEnvAfterStart_BecomesVisible()
    {
        using var temp = new TempDirectory();
        temp.Write(".env", "TOOL_TIMEOUT_SECONDS=10\n");
        using var configuration = Agent42Configuration.Build(temp.Path, Empty(), Empty());

        temp.Rewrite(".env", "TOOL_TIMEOUT_SECONDS=10\nOPENROUTER_API_KEY=sk-added-later\n");

        Assert.That(await Poll.UntilAsync(() => configuration["OPENROUTER_API_KEY"] == "sk-added-later", Patience), Is.True,
            "the key added to .env never became visible");
    }

    [Test]
    public async Task ADotEnvCreatedAfterStart_IsRead()
    {
        using var temp = new TempDirectory();
        using var configuration = Agent42Configuration.Build(temp.Path, Empty(), Empty());

        temp.Rewrite(".env", "ARTIFICIAL_ANALYSIS_API_KEY=aa-key\n");

        Assert.That(await Poll.UntilAsync(() => configuration["ARTIFICIAL_ANALYSIS_API_KEY"] == "aa-key", Patience), Is.True);
    }

    [Test]
    public async Task AfterAReload_TheEnvironmentAndCommandLineStillBeatDotEnv()
    {
        using var temp = new TempDirectory();
        temp.Write(".env", "OPENROUTER_API_KEY=from-file\nAGENT42_CODING_MODEL=file-model\n");
        using var configuration = Agent42Configuration.Build(temp.Path,
            Values(("OPENROUTER_API_KEY", "from-environment")), Values(("AGENT42_CODING_MODEL", "command-line-model")));

        temp.Rewrite(".env", "OPENROUTER_API_KEY=edited\nAGENT42_CODING_MODEL=edited\nAGENT42_CODING_CRITIC=edited-critic\n");
        var reloaded = await Poll.UntilAsync(() => configuration["AGENT42_CODING_CRITIC"] == "edited-critic", Patience);

        Assert.Multiple(() =>
        {
            Assert.That(reloaded, Is.True, "the edit was never read");
            Assert.That(configuration["OPENROUTER_API_KEY"], Is.EqualTo("from-environment"));
            Assert.That(configuration["AGENT42_CODING_MODEL"], Is.EqualTo("command-line-model"));
        });
    }

    [Test]
    public async Task AMalformedEdit_IsReportedWithItsLine_AndTheLastGoodValuesStay_UntilItIsFixed()
    {
        using var temp = new TempDirectory();
        temp.Write(".env", "OPENROUTER_API_KEY=good\nAGENT42_CODING_MODEL=good-model\n");
        using var configuration = Agent42Configuration.Build(temp.Path, Empty(), Empty());
        var logger = new TestLogger<DotEnvConfigurationProvider>();
        Agent42Configuration.ReportDotEnvEditsTo(configuration, logger);

        temp.Rewrite(".env", "OPENROUTER_API_KEY=half-edited\nthis line is wrong\n");
        var reported = await Poll.UntilAsync(() => logger.Messages(LogLevel.Warning).Any(), Patience);
        var (keyWhileBroken, modelWhileBroken) = (configuration["OPENROUTER_API_KEY"], configuration["AGENT42_CODING_MODEL"]);
        temp.Rewrite(".env", "OPENROUTER_API_KEY=fixed\n");
        var fixedUp = await Poll.UntilAsync(() => configuration["OPENROUTER_API_KEY"] == "fixed", Patience);

        Assert.Multiple(() =>
        {
            Assert.That(reported, Is.True, "the malformed edit was never reported");
            Assert.That(logger.Messages(LogLevel.Warning).FirstOrDefault(),
                Does.Contain(".env line 2: expected KEY=VALUE; the line has no '='"));
            Assert.That((keyWhileBroken, modelWhileBroken), Is.EqualTo(("good", "good-model")), "the last good values, none of the broken file");
            Assert.That(fixedUp, Is.True, "the fixed file was never read");
            Assert.That(configuration["AGENT42_CODING_MODEL"], Is.Null, "the fixed file replaces the old values");
        });
    }

    private static Dictionary<string, string?> Empty() => [];

    private static Dictionary<string, string?> Values(params (string Key, string? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);
}
