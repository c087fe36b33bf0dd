using Agent42.Core.Models.Providers;
using Microsoft.Extensions.Configuration;

namespace Agent42.Tests.Core.Models.Providers;

public sealed class ModelEndpointResolverTests
{
    private static ModelEndpointResolver CreateSut(Dictionary<string, string?> values, out IConfigurationRoot configuration)
    {
        configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ModelEndpointResolver(configuration);
    }

    [Test]
    public void WithoutAKeyForOpenRouter_SaysExactlyWhatToSet()
    {
        var sut = CreateSut([], out _);

        Assert.That(() => sut.Resolve(), Throws.TypeOf<MissingApiKeyException>()
            .With.Message.Contains("set OPENROUTER_API_KEY").And.Message.Contains("point OPENROUTER_BASE_URL at a local OpenAI-compatible server"));
    }

    [Test]
    public void ALocalServer_NeedsNoKey()
    {
        var endpoint = CreateSut(new() { ["OPENROUTER_BASE_URL"] = "http://127.0.0.1:11434/v1" }, out _).Resolve();

        Assert.Multiple(() =>
        {
            Assert.That(endpoint.BaseUrl, Is.EqualTo(new Uri("http://127.0.0.1:11434/v1/")));
            Assert.That(endpoint.ApiKey, Is.Null);
        });
    }

    [Test]
    public void TheKeyIsReadAtUse_SoAKeySetLaterIsSeen()
    {
        var sut = CreateSut([], out var configuration);
        Assert.That(() => sut.Resolve(), Throws.TypeOf<MissingApiKeyException>());

        configuration["OPENROUTER_API_KEY"] = "sk-later";

        Assert.That(sut.Resolve().ApiKey, Is.EqualTo("sk-later"));
    }
}
