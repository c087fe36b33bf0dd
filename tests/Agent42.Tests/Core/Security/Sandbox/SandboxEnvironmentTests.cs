using Agent42.Core.Security.Sandbox;

namespace Agent42.Tests.Core.Security.Sandbox;

[TestFixture]
internal sealed class SandboxEnvironmentTests
{
    [Test]
    public void Scrub_KeepsTheAllowListAndLocale_DropsEverythingElse()
    {
        var kept = SandboxEnvironment.Scrub(Env(("PATH", "/bin"), ("HOME", "/home/a"), ("LC_ALL", "C"), ("TERM", "xterm"), ("EDITOR", "vim"), ("LD_PRELOAD", "/x.so")));

        Assert.That(kept.Keys, Is.EquivalentTo(new[] { "PATH", "HOME", "LC_ALL", "TERM" }));
    }

    [TestCase("OPENROUTER_API_KEY")]
    [TestCase("OPENROUTER_BASE_URL")]
    [TestCase("AGENT42_WORKSPACE")]
    [TestCase("GITHUB_TOKEN")]
    [TestCase("AWS_SECRET_ACCESS_KEY")]
    [TestCase("DB_PASSWORD")]
    [TestCase("GOOGLE_APPLICATION_CREDENTIALS")]
    [TestCase("LC_SECRET")]
    public void Scrub_NeverKeepsANameLikeASecretOrAgent42s(string name)
    {
        Assert.Multiple(() =>
        {
            Assert.That(SandboxEnvironment.LooksSecret(name), Is.True);
            Assert.That(SandboxEnvironment.Scrub(Env((name, "value"))), Is.Empty);
        });
    }

    private static IEnumerable<KeyValuePair<string, string?>> Env(params (string Name, string Value)[] variables) =>
        variables.Select(v => KeyValuePair.Create(v.Name, (string?)v.Value));
}
