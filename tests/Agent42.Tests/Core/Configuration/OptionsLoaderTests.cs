using Agent42.Core.Configuration;
using Agent42.Core.Security;
using Agent42.Core.Tools;
using Microsoft.Extensions.Configuration;

namespace Agent42.Tests.Core.Configuration;

/// <summary>Each bad value stops start-up with one line naming the variable and the value.</summary>
[TestFixture]
internal sealed class OptionsLoaderTests
{
    [Test]
    public void Load_WhenNothingIsSet_ReturnsTheDefaults()
    {
        var tools = OptionsLoader.Load<ToolOptions>(Configuration());
        var filter = OptionsLoader.Load<CommandFilterOptions>(Configuration());
        var agent42 = OptionsLoader.Load<Agent42Options>(Configuration());

        Assert.That(tools.ToolTimeoutSeconds, Is.EqualTo(60));
        Assert.That(tools.HttpTimeoutSeconds, Is.EqualTo(30));
        Assert.That(filter.IsAllowListMode, Is.False);
        Assert.That(agent42.LogLevel, Is.EqualTo("warning"));
    }

    [Test]
    public void Load_BindsValuesByTheirVariableNames()
    {
        var tools = OptionsLoader.Load<ToolOptions>(Configuration(("TOOL_TIMEOUT_SECONDS", "5"), ("FILE_MAX_READ_KB", "16")));
        var filter = OptionsLoader.Load<CommandFilterOptions>(Configuration(("COMMAND_FILTER_MODE", "Allow"), ("COMMAND_ALLOWLIST", "ls, git")));
        var agent42 = OptionsLoader.Load<Agent42Options>(Configuration(("AGENT42_LOG_LEVEL", "Debug")));

        Assert.That(tools.ToolTimeoutSeconds, Is.EqualTo(5));
        Assert.That(tools.FileMaxReadKb, Is.EqualTo(16));
        Assert.That(filter.IsAllowListMode, Is.True);
        Assert.That(filter.AllowedPrograms, Is.EquivalentTo(new[] { "ls", "git" }));
        Assert.That(agent42.LogLevel, Is.EqualTo("Debug"));
    }

    [TestCase("abc")]
    [TestCase("1.5")]
    [TestCase("99999999999")]
    public void Load_WhenAnIntIsNotANumber_ThrowsOneLineNamingTheVariableAndTheValue(string value)
    {
        AssertOneLine(() => OptionsLoader.Load<ToolOptions>(Configuration(("TOOL_TIMEOUT_SECONDS", value))),
            $"TOOL_TIMEOUT_SECONDS must be a whole number from 1 to 86400; got '{value}'");
    }

    [TestCase("TOOL_TIMEOUT_SECONDS", "0", "TOOL_TIMEOUT_SECONDS must be between 1 and 86400; got '0'")]
    [TestCase("TOOL_TIMEOUT_SECONDS", "86401", "TOOL_TIMEOUT_SECONDS must be between 1 and 86400; got '86401'")]
    [TestCase("HTTP_TIMEOUT_SECONDS", "-1", "HTTP_TIMEOUT_SECONDS must be between 1 and 3600; got '-1'")]
    [TestCase("SHELL_MAX_OUTPUT_KB", "0", "SHELL_MAX_OUTPUT_KB must be between 1 and 65536; got '0'")]
    public void Load_WhenAnIntIsOutOfRange_ThrowsOneLineNamingTheVariableTheRangeAndTheValue(string key, string value, string message)
    {
        AssertOneLine(() => OptionsLoader.Load<ToolOptions>(Configuration((key, value))), message);
    }

    [Test]
    public void Load_WhenCommandFilterModeIsUnknown_ThrowsOneLineNamingTheChoices()
    {
        AssertOneLine(() => OptionsLoader.Load<CommandFilterOptions>(Configuration(("COMMAND_FILTER_MODE", "maybe"))),
            "COMMAND_FILTER_MODE must be 'deny' or 'allow'; got 'maybe'");
    }

    [Test]
    public void Load_WhenLogLevelIsUnknown_ThrowsOneLineNamingTheChoices()
    {
        AssertOneLine(() => OptionsLoader.Load<Agent42Options>(Configuration(("AGENT42_LOG_LEVEL", "loud"))),
            "AGENT42_LOG_LEVEL must be one of verbose, debug, information, warning, error, fatal; got 'loud'");
    }

    [Test]
    public void Load_WhenARequiredDirectoryIsEmpty_ThrowsNamingIt()
    {
        Assert.That(() => OptionsLoader.Load<Agent42Options>(Configuration(("AGENT42_DATA_DIR", ""))),
            Throws.TypeOf<ConfigurationException>().With.Message.StartWith("AGENT42_DATA_DIR must not be empty"));
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] pairs) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)))
            .Build();

    private static void AssertOneLine(TestDelegate load, string message)
    {
        var ex = Assert.Throws<ConfigurationException>(load);

        Assert.That(ex.Message, Is.EqualTo(message));
        Assert.That(ex.Message, Does.Not.Contain('\n'));
    }
}
