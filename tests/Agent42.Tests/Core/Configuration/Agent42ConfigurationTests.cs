using Agent42.Core.Configuration;
using Agent42.Core.Hosting;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Configuration;

/// <summary>The layers, each overriding the one before: defaults, .env, environment, command line.</summary>
[TestFixture]
internal sealed class Agent42ConfigurationTests
{
    private const string Key = "TOOL_TIMEOUT_SECONDS";

    [Test]
    public void Build_WhenNothingIsSet_LeavesTheOptionsDefaults()
    {
        using var temp = new TempDirectory();

        var configuration = Agent42Configuration.Build(temp.Path, Empty(), Empty());

        Assert.That(configuration[Key], Is.Null);
        Assert.That(Agent42Settings.Load(configuration, temp.Path).Tools.ToolTimeoutSeconds, Is.EqualTo(60));
    }

    [Test]
    public void Build_WhenDotEnvSetsAValue_OverridesTheDefault()
    {
        using var temp = new TempDirectory();
        temp.Write(".env", $"{Key}=10");

        var configuration = Agent42Configuration.Build(temp.Path, Empty(), Empty());

        Assert.That(Agent42Settings.Load(configuration, temp.Path).Tools.ToolTimeoutSeconds, Is.EqualTo(10));
    }

    [Test]
    public void Build_WhenEnvironmentSetsAValue_OverridesDotEnv()
    {
        using var temp = new TempDirectory();
        temp.Write(".env", $"{Key}=10\nSHELL_MAX_OUTPUT_KB=5");

        var configuration = Agent42Configuration.Build(temp.Path, Values((Key, "20")), Empty());

        Assert.That(configuration[Key], Is.EqualTo("20"));
        Assert.That(configuration["SHELL_MAX_OUTPUT_KB"], Is.EqualTo("5"));
    }

    [Test]
    public void Build_WhenCommandLineSetsAValue_OverridesTheEnvironment()
    {
        using var temp = new TempDirectory();
        temp.Write(".env", $"{Key}=10");

        var configuration = Agent42Configuration.Build(temp.Path, Values((Key, "20")), Values((Key, "30")));

        Assert.That(configuration[Key], Is.EqualTo("30"));
    }

    [Test]
    public void Build_WhenCommandLineValueIsNull_DoesNotOverride()
    {
        using var temp = new TempDirectory();
        temp.Write(".env", $"{Key}=10");

        var configuration = Agent42Configuration.Build(temp.Path, Values((Key, "20")), Values((Key, null)));

        Assert.That(configuration[Key], Is.EqualTo("20"));
    }

    [Test]
    public void Build_ReadsDotEnvOnlyFromTheCurrentDirectory()
    {
        using var temp = new TempDirectory();
        temp.Write(".env", $"{Key}=10");
        var current = Directory.CreateDirectory(temp.Combine("sub")).FullName;

        var configuration = Agent42Configuration.Build(current, Empty(), Empty());

        Assert.That(configuration[Key], Is.Null);
    }

    [Test]
    public void Build_WhenDotEnvIsMalformed_ThrowsNamingTheLine()
    {
        using var temp = new TempDirectory();
        temp.Write(".env", "A=1\nnot a setting");

        Assert.That(() => Agent42Configuration.Build(temp.Path, Empty(), Empty()),
            Throws.TypeOf<ConfigurationException>().With.Message.StartWith(".env line 2: "));
    }

    private static Dictionary<string, string?> Empty() => [];

    private static Dictionary<string, string?> Values(params (string Key, string? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);
}
