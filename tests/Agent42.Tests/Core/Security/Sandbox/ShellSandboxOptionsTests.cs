using Agent42.Core.Configuration;
using Agent42.Core.Security.Sandbox;
using Microsoft.Extensions.Configuration;

namespace Agent42.Tests.Core.Security.Sandbox;

[TestFixture]
internal sealed class ShellSandboxOptionsTests
{
    [Test]
    public void Load_WhenNothingIsSet_IsAutoWithoutNetwork()
    {
        var options = OptionsLoader.Load<ShellSandboxOptions>(Configuration());

        Assert.Multiple(() =>
        {
            Assert.That(options.Mode, Is.EqualTo(ShellSandboxMode.Auto));
            Assert.That(options.NetworkOn, Is.False);
            Assert.That(options.BwrapPath, Is.EqualTo("bwrap"));
        });
    }

    [TestCase("auto", ShellSandboxMode.Auto)]
    [TestCase("BWRAP", ShellSandboxMode.Bwrap)]
    [TestCase("off", ShellSandboxMode.Off)]
    public void Load_ParsesTheMode(string value, ShellSandboxMode mode)
    {
        Assert.That(OptionsLoader.Load<ShellSandboxOptions>(Configuration(("SHELL_SANDBOX", value))).Mode, Is.EqualTo(mode));
    }

    [Test]
    public void Load_WithShellNetworkOn_KeepsTheNetwork()
    {
        Assert.That(OptionsLoader.Load<ShellSandboxOptions>(Configuration(("SHELL_NETWORK", "On"))).NetworkOn, Is.True);
    }

    [TestCase("SHELL_SANDBOX", "docker", "SHELL_SANDBOX must be 'auto', 'bwrap' or 'off'; got 'docker'")]
    [TestCase("SHELL_NETWORK", "yes", "SHELL_NETWORK must be 'on' or 'off'; got 'yes'")]
    public void Load_WithABadValue_StopsWithOneLineNamingTheVariable(string key, string value, string message)
    {
        var error = Assert.Throws<ConfigurationException>(() => OptionsLoader.Load<ShellSandboxOptions>(Configuration((key, value))));

        Assert.That(error!.Message, Is.EqualTo(message));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
