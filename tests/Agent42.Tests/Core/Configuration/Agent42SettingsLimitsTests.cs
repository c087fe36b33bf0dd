using Agent42.Core.Configuration;
using Agent42.Core.Hosting;
using Agent42.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Agent42.Tests.Core.Configuration;

/// <summary>The caps on model input and the destination rule's setting are bound and validated at start.</summary>
[TestFixture]
internal sealed class Agent42SettingsLimitsTests
{
    [Test]
    public void Load_WhenNothingIsSet_UsesTheDocumentedDefaults()
    {
        using var temp = new TempDirectory();

        var settings = Agent42Settings.Load(new ConfigurationBuilder().Build(), temp.Path);

        Assert.That((settings.ModelCalls.MaxResponseKb, settings.ToolCallLimits.PerMessage, settings.ToolCallLimits.PerRun, settings.Tools.HttpAllowPrivate),
            Is.EqualTo((1024, 16, 100, false)));
    }

    [Test]
    public void Load_ReadsEachSetting()
    {
        using var temp = new TempDirectory();

        var settings = Agent42Settings.Load(Configuration(
            ("MODEL_MAX_RESPONSE_KB", "64"),
            ("MODEL_MAX_TOOL_CALLS_PER_MESSAGE", "4"),
            ("MODEL_MAX_TOOL_CALLS_PER_RUN", "20"),
            ("HTTP_ALLOW_PRIVATE", "true")), temp.Path);

        Assert.That((settings.ModelCalls.MaxResponseKb, settings.ToolCallLimits.PerMessage, settings.ToolCallLimits.PerRun, settings.Tools.HttpAllowPrivate),
            Is.EqualTo((64, 4, 20, true)));
    }

    [TestCase("MODEL_MAX_RESPONSE_KB", "0", "MODEL_MAX_RESPONSE_KB must be between 16 and 1048576; got '0'")]
    [TestCase("MODEL_MAX_TOOL_CALLS_PER_MESSAGE", "0", "MODEL_MAX_TOOL_CALLS_PER_MESSAGE must be between 1 and 1000; got '0'")]
    [TestCase("MODEL_MAX_TOOL_CALLS_PER_RUN", "100001", "MODEL_MAX_TOOL_CALLS_PER_RUN must be between 1 and 100000; got '100001'")]
    [TestCase("HTTP_ALLOW_PRIVATE", "maybe", "HTTP_ALLOW_PRIVATE must be true or false; got 'maybe'")]
    public void Load_WhenAValueIsBad_StopsWithOneLineNamingIt(string key, string value, string expected)
    {
        using var temp = new TempDirectory();

        Assert.That(() => Agent42Settings.Load(Configuration((key, value)), temp.Path),
            Throws.TypeOf<ConfigurationException>().With.Message.EqualTo(expected));
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] pairs) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)))
            .Build();
}
