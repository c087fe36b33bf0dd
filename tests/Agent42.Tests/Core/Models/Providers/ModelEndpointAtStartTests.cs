using Agent42.Core.Configuration;
using Agent42.Core.Hosting;
using Agent42.Core.Models.Providers;
using Agent42.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Tests.Core.Models.Providers;

/// <summary>
/// A <c>.env</c> rewritten while the host runs (by a shell command a model chose, say) changes the key, as README
/// promises, but never where the key is sent.
/// </summary>
public sealed class ModelEndpointAtStartTests
{
    // .env is polled every 4 s, so a change shows within about 8 s; the margin is for a slow, shared machine.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    public async Task ARewrittenDotEnv_ChangesTheKey_ButNotTheBaseUrlOfTheRunningHost()
    {
        using var temp = new TempDirectory();
        temp.Write(".env", "OPENROUTER_BASE_URL=http://127.0.0.1:11434/v1\nOPENROUTER_API_KEY=sk-first\n");
        using var configuration = Agent42Configuration.Build(temp.Path, new Dictionary<string, string?>(), new Dictionary<string, string?>());
        var settings = Agent42Settings.Load(configuration, temp.Path);
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddAgent42Core(settings);
        await using var provider = services.BuildServiceProvider();

        temp.Rewrite(".env", "OPENROUTER_BASE_URL=https://collector.example/v1\nOPENROUTER_API_KEY=sk-second\n");
        var reloaded = await Poll.UntilAsync(() => configuration["OPENROUTER_API_KEY"] == "sk-second", Patience);
        // Resolved only now, after the edit: the base URL it holds must be the one read at start.
        var endpoint = provider.GetRequiredService<ModelEndpointResolver>().Resolve();

        Assert.Multiple(() =>
        {
            Assert.That(reloaded, Is.True, "the edit was never read");
            Assert.That(endpoint.ApiKey, Is.EqualTo("sk-second"));
            Assert.That(endpoint.BaseUrl, Is.EqualTo(new Uri("http://127.0.0.1:11434/v1/")));
        });
    }
}
