using System.Text;
using Agent42.Core.Models.Catalog;

namespace Agent42.Tests.Core.Models.Catalog;

public sealed class CatalogMergeTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Day2 = Day1.AddDays(1);
    private static readonly DateTimeOffset Day3 = Day1.AddDays(2);

    private static IReadOnlyList<CatalogModel> Catalog(params System.Text.Json.Nodes.JsonNode[] models) =>
        OpenRouterCatalogParser.Parse(Encoding.UTF8.GetBytes(CatalogJson.Catalog(models))).Models;

    [Test]
    public void NewFreeModels_AreAddedWithKeys_PaidOnesAreNotTracked()
    {
        var (models, changes) = CatalogMerge.Apply([], Catalog(CatalogJson.Model("a/one:free"), CatalogJson.Model("b/paid", "0.1", "0.1")), Day1);

        Assert.Multiple(() =>
        {
            Assert.That(models.Select(m => (m.Key, m.Status)), Is.EqualTo(new[] { ("or-free-one", ModelStatus.Available) }));
            Assert.That(changes.Added, Is.EqualTo(new[] { "or-free-one" }));
            Assert.That(models[0].FirstSeen, Is.EqualTo(Day1));
        });
    }

    [Test]
    public void VanishedAndPaidModels_AreMarkedWithTheDate_AndKept_AndComeBack()
    {
        var (day1, _) = CatalogMerge.Apply([], Catalog(CatalogJson.Model("a/gone:free"), CatalogJson.Model("a/pricey:free"), CatalogJson.Model("a/stays:free")), Day1);

        var (day2, changes2) = CatalogMerge.Apply(day1, Catalog(CatalogJson.Model("a/pricey:free", "0.5", "1"), CatalogJson.Model("a/stays:free")), Day2);
        var (day3, changes3) = CatalogMerge.Apply(day2, Catalog(CatalogJson.Model("a/gone:free"), CatalogJson.Model("a/pricey:free", "0.5", "1"), CatalogJson.Model("a/stays:free")), Day3);

        var gone = day2.Single(m => m.Id == "a/gone:free");
        var pricey = day2.Single(m => m.Id == "a/pricey:free");
        Assert.Multiple(() =>
        {
            Assert.That((gone.Status, gone.StatusSince, gone.FirstSeen), Is.EqualTo((ModelStatus.Missing, Day2, Day1)));
            Assert.That((pricey.Status, pricey.StatusSince), Is.EqualTo((ModelStatus.Paid, Day2)));
            Assert.That(changes2.Vanished, Is.EqualTo(new[] { "or-free-gone" }));
            Assert.That(changes2.TurnedPaid, Is.EqualTo(new[] { "or-free-pricey" }));
            Assert.That(changes3.Returned, Is.EqualTo(new[] { "or-free-gone" }));
            Assert.That(day3.Single(m => m.Id == "a/gone:free").Status, Is.EqualTo(ModelStatus.Available));
            Assert.That(day3.Single(m => m.Id == "a/pricey:free").StatusSince, Is.EqualTo(Day2), "still paid since day 2");
            Assert.That(day3.Single(m => m.Id == "a/stays:free").StatusSince, Is.EqualTo(Day1));
        });
    }

    [Test]
    public void TwoProvidersWithOneSlug_GetDistinctKeys_AndKeysNeverChangeLater()
    {
        var (first, _) = CatalogMerge.Apply([], Catalog(CatalogJson.Model("alpha/model-x:free")), Day1);

        var (second, _) = CatalogMerge.Apply(first, Catalog(CatalogJson.Model("alpha/model-x:free"), CatalogJson.Model("beta/model-x:free")), Day2);

        Assert.That(second.Select(m => (m.Key, m.Id)), Is.EqualTo(new[]
        {
            ("or-free-beta-model-x", "beta/model-x:free"),
            ("or-free-model-x", "alpha/model-x:free"),
        }));
    }

    [Test]
    public void LosingToolSupport_IsRecorded()
    {
        var (first, _) = CatalogMerge.Apply([], Catalog(CatalogJson.Model("a/m:free", tools: true)), Day1);

        var (second, _) = CatalogMerge.Apply(first, Catalog(CatalogJson.Model("a/m:free", tools: false)), Day2);

        Assert.That(second.Single().SupportsTools, Is.False);
    }
}
