using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;
using Agent42.Core.Routing;
using Agent42.Core.Models.Research;
using Agent42.Sdk;
using Agent42.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agent42.Tests.Core.Routing;

public sealed class ResearchPriorSourceTests
{
    private static readonly DateTimeOffset Day = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static ModelResearchFile Scores(double coding) => ModelResearchFile.Empty with
    {
        Scores = new Dictionary<string, IReadOnlyDictionary<string, ResearchEntry>>
        {
            [ModelNameMatcher.ResearchKey("acme/a:free")] = new Dictionary<string, ResearchEntry>
            {
                [Capabilities.Coding] = new(coding, "test", Day),
                [Capabilities.Reasoning] = new(coding, "test", Day),
            },
        },
    };

    [Test]
    public void AResearchFileWrittenAfterwards_IsSeenByTheNextCall_AndWithoutOneThereIsNoPrior()
    {
        using var data = new TempDirectory();
        var store = new ModelResearchStore(data.Path, TimeProvider.System, NullLogger<ModelResearchStore>.Instance);
        var sut = new ResearchPriorSource(store, 5);
        var registry = new ProviderRegistry([RoutingTestData.Model("or-free-a")], []);

        var none = sut.For(registry)("or-free-a", TaskType.Coding);
        store.Save(Scores(0.8));
        var first = sut.For(registry)("or-free-a", TaskType.Coding);
        store.Save(Scores(0.45));
        var second = sut.For(registry)("or-free-a", TaskType.Coding);

        Assert.Multiple(() =>
        {
            Assert.That(none, Is.Null);
            Assert.That(first, Is.EqualTo(0.8).Within(1e-9));
            Assert.That(second, Is.EqualTo(0.45).Within(1e-9));
        });
    }
}
