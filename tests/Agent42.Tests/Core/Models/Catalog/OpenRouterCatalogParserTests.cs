using System.Text;
using Agent42.Core.Models.Catalog;

namespace Agent42.Tests.Core.Models.Catalog;

public sealed class OpenRouterCatalogParserTests
{
    private static CatalogParseResult Parse(string json) => OpenRouterCatalogParser.Parse(Encoding.UTF8.GetBytes(json));

    [Test]
    public void TheRealSnapshot_ReadsEveryEntry_AndTheFreeFilterFindsThirtyOfWhichNineteenTakeTools()
    {
        var snapshot = ModelCatalogSnapshot.Load();

        var free = snapshot.Models.Where(m => m.IsFree).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(snapshot.Models, Has.Count.EqualTo(371));
            Assert.That(snapshot.Skipped, Is.Empty);
            Assert.That(snapshot.Models.Count(m => m.PromptPrice == 0 && m.CompletionPrice == 0), Is.EqualTo(33), "priced zero, before the filter");
            Assert.That(free, Has.Length.EqualTo(30));
            Assert.That(free.Count(m => m.SupportsTools), Is.EqualTo(19));
            Assert.That(free.Select(m => m.Id), Has.None.EqualTo("openrouter/free"), "a router is not a model to rank");
            Assert.That(free.Select(m => m.Id), Has.None.StartsWith("google/lyria-3"), "music models are billed per clip");
            Assert.That(free.Select(m => m.Id), Has.None.EqualTo("openrouter/auto"), "a price of -1 is unknown, not free");
        });
    }

    [TestCase("0", "0", "text", "Other", "m/a:free", true)]
    [TestCase("0.0", "0.000", "text", "Other", "m/a", true)]
    [TestCase("-1", "-1", "text", "Other", "m/auto", false)]
    [TestCase("0", "0.000001", "text", "Other", "m/a", false)]
    [TestCase("0", "0", "text+audio", "Other", "m/music", false)]
    [TestCase("0", "0", "text", "Router", "openrouter/free", false)]
    [TestCase("0", "0", "text", "Other", "~m/a-latest", false)]
    public void IsFree_FollowsTheFilter(string prompt, string completion, string output, string tokenizer, string id, bool expected)
    {
        var model = Parse(CatalogJson.Catalog(CatalogJson.Model(id, prompt, completion, output: output, tokenizer: tokenizer))).Models.Single();

        Assert.That(model.IsFree, Is.EqualTo(expected));
    }

    [Test]
    public void AMalformedEntry_IsSkippedWithItsReason_AndTheRestAreKept()
    {
        var result = Parse("""
            {"data":[
              {"id":"good/one:free","pricing":{"prompt":"0","completion":"0"},"architecture":{"output_modalities":["text"]}},
              42,
              {"name":"no id"},
              {"id":"bad/price","pricing":{"prompt":"zero","completion":"0"}},
              {"id":"good/two","pricing":{"prompt":"0.1","completion":"0.2"},"surprise":{"nested":[1,2]}}
            ]}
            """);

        Assert.Multiple(() =>
        {
            Assert.That(result.Models.Select(m => m.Id), Is.EqualTo(new[] { "good/one:free", "good/two" }));
            Assert.That(result.Skipped, Is.EqualTo(new[]
            {
                "entry 1: not an object",
                "entry 2: no id",
                "entry 3 (bad/price): pricing.prompt 'zero' is not a number",
            }));
        });
    }

    [TestCase("not json at all", "the response is not JSON")]
    [TestCase("[1,2,3]", "the response has no \"data\" array of models")]
    [TestCase("{\"error\":{\"code\":500,\"message\":\"boom\"}}", "the response has no \"data\" array of models")]
    [TestCase("{\"data\":{}}", "the response has no \"data\" array of models")]
    public void AResponseThatIsNotACatalog_Throws(string json, string expected)
    {
        Assert.That(() => Parse(json), Throws.TypeOf<CatalogFormatException>().With.Message.StartsWith(expected));
    }
}
