using Agent42.Core.Models.Catalog;
using Agent42.Core.Models.Providers;

namespace Agent42.Tests.Core.Models.Providers;

public sealed class ProviderRegistryTests
{
    private static readonly DateTimeOffset Seen = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static KnownModel Known(string id, int? context = 32_768, bool tools = true, ModelStatus status = ModelStatus.Available) =>
        new(ModelKeys.FreeKey(id), id, id.Replace(":free", "", StringComparison.Ordinal), id, context, tools, false, status, Seen, Seen, Seen);

    private static ProviderRegistry CreateSut(string? localModels = null) => ProviderRegistry.Create(
    [
        Known("qwen/qwen3-coder:free", 262_144),
        Known("deepseek/deepseek-r1:free", 163_840, tools: false),
        Known("mistralai/mistral-small:free", 32_768),
        Known("meta-llama/llama-4-maverick:free", 131_072),
        Known("google/gemma-27b:free", 8_192, status: ModelStatus.Missing),
        Known("acme/pricey:free", 1_000_000, status: ModelStatus.Paid),
    ], localModels);

    [Test]
    public void AKey_AndAProviderId_BothResolveToTheSameModel()
    {
        var sut = CreateSut();

        Assert.Multiple(() =>
        {
            Assert.That(sut.Resolve("or-free-qwen3-coder")?.ProviderModelId, Is.EqualTo("qwen/qwen3-coder:free"));
            Assert.That(sut.Resolve("qwen/qwen3-coder:free"), Is.SameAs(sut.Resolve("or-free-qwen3-coder")));
            Assert.That(sut.Resolve("  or-free-qwen3-coder "), Is.Not.Null, "surrounding white space is not part of a name");
        });
    }

    [TestCase("qwen")]
    [TestCase("qwen3-coder")]
    [TestCase("or-free-qwen3")]
    [TestCase("qwen/qwen3-coder")]
    [TestCase("OR-FREE-QWEN3-CODER")]
    [TestCase("")]
    public void APartialOrInexactName_ResolvesToNothing(string name)
    {
        Assert.That(CreateSut().Resolve(name), Is.Null);
    }

    [Test]
    public void MissingAndPaidModels_StillResolve_ButAreNotRoutable()
    {
        var sut = CreateSut();

        Assert.Multiple(() =>
        {
            Assert.That(sut.Resolve("or-free-gemma-27b")?.IsRoutable, Is.False);
            Assert.That(sut.Resolve("acme/pricey:free")?.IsRoutable, Is.False);
            Assert.That(sut.Routable(requireTools: false, minContext: null).Select(m => m.Key),
                Has.None.EqualTo("or-free-gemma-27b").And.None.EqualTo("or-free-pricey"));
        });
    }

    [Test]
    public void Routable_PutsToolSupportFirst_ThenLargerContext_ThenKey()
    {
        var sut = CreateSut("local-b=b:1, local-a=a:1");

        Assert.That(sut.Routable(requireTools: false, minContext: null).Select(m => m.Key), Is.EqualTo(new[]
        {
            "or-free-qwen3-coder", "or-free-llama-4-maverick", "or-free-mistral-small", "local-a", "local-b", "or-free-deepseek-r1",
        }));
    }

    [Test]
    public void Routable_WithTools_LeavesOutModelsWithoutTools()
    {
        Assert.That(CreateSut().Routable(requireTools: true, minContext: null).Select(m => m.Key), Has.None.EqualTo("or-free-deepseek-r1"));
    }

    [Test]
    public void Routable_WithAMinimumContext_LeavesOutSmallerWindows_ButKeepsUnknownOnes()
    {
        var keys = CreateSut("local-llama=llama3.1:8b").Routable(requireTools: true, minContext: 100_000).Select(m => m.Key);

        Assert.That(keys, Is.EqualTo(new[] { "or-free-qwen3-coder", "or-free-llama-4-maverick", "local-llama" }));
    }

    [Test]
    public void ALocalModel_ResolvesByKeyAndId_WithToolsAssumed()
    {
        var model = CreateSut("local-llama=llama3.1:8b").Resolve("local-llama");

        Assert.Multiple(() =>
        {
            Assert.That(model, Is.EqualTo(new RegisteredModel("local-llama", "llama3.1:8b", null, RegisteredModel.LocalTier, true, false, true)));
            Assert.That(CreateSut("local-llama=llama3.1:8b").Resolve("llama3.1:8b")?.Key, Is.EqualTo("local-llama"));
        });
    }

    [Test]
    public void LocalModels_AreReadTolerantly_AndEachBadEntrySaysWhy()
    {
        var result = LocalModels.Parse(" local-llama = llama3.1:8b ;; no-equals, =x, empty=, Upper=x, or-free-fake=x, spaced=a b, local-llama=other\nlocal-qwen=qwen2.5-coder:7b ");

        Assert.Multiple(() =>
        {
            Assert.That(result.Models.Select(m => (m.Key, m.ProviderModelId)), Is.EqualTo(new[] { ("local-llama", "llama3.1:8b"), ("local-qwen", "qwen2.5-coder:7b") }));
            Assert.That(result.Problems, Has.Count.EqualTo(7));
            Assert.That(result.Problems, Has.Some.Contains("'no-equals'").And.Contains("expected key=provider-id"));
            Assert.That(result.Problems, Has.Some.Contains("reserved"));
            Assert.That(result.Problems, Has.Some.Contains("already used"));
            Assert.That(result.Problems, Has.All.StartWith(LocalModels.Variable));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ,; ")]
    public void NoLocalModels_IsNotAProblem(string? value)
    {
        var result = LocalModels.Parse(value);

        Assert.That((result.Models.Count, result.Problems.Count), Is.EqualTo((0, 0)));
    }

    [Test]
    public void ALocalModelTakingACatalogKeyOrId_IsSkippedWithAReason()
    {
        var sut = ProviderRegistry.Create([Known("qwen/qwen3-coder:free")], "local-x=qwen/qwen3-coder:free, bad");
        var clash = new ProviderRegistry([Known("qwen/qwen3-coder:free")],
            [new RegisteredModel("or-free-qwen3-coder", "elsewhere", null, RegisteredModel.LocalTier, true, false, true)]);

        Assert.Multiple(() =>
        {
            Assert.That(sut.Resolve("local-x"), Is.Null);
            Assert.That(sut.Problems, Has.Count.EqualTo(2));
            Assert.That(sut.Problems[1], Does.Contain("already belongs to 'or-free-qwen3-coder'"));
            Assert.That(clash.Resolve("or-free-qwen3-coder")?.ProviderModelId, Is.EqualTo("qwen/qwen3-coder:free"));
            Assert.That(clash.Problems, Has.One.Contains("already registered"));
        });
    }

    [Test]
    public void TheShippedSnapshot_HasRoutableToolModels_ResolvableByTheirIds()
    {
        var snapshot = CatalogMerge.Apply([], ModelCatalogSnapshot.Load().Models, Seen).Models;
        var sut = new ProviderRegistry(snapshot, []);

        var routable = sut.Routable(requireTools: true, minContext: null);

        Assert.Multiple(() =>
        {
            Assert.That(routable, Is.Not.Empty);
            Assert.That(routable.All(m => sut.Resolve(m.ProviderModelId) == m && m.Tier == RegisteredModel.FreeTier));
        });
    }
}
