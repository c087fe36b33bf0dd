using Agent42.Core.Models.Catalog;

namespace Agent42.Tests.Core.Models.Catalog;

public sealed class ModelKeysTests
{
    [TestCase("google/gemma-3-27b-it:free", "or-free-gemma-3-27b-it")]
    [TestCase("meta-llama/llama-3.3-70b-instruct:free", "or-free-llama-3-3-70b-instruct")]
    [TestCase("poolside/laguna-m.1:free", "or-free-laguna-m-1")]
    [TestCase("openrouter/owl-alpha", "or-free-owl-alpha")]
    [TestCase("Qwen/Qwen3_Coder--X:FREE", "or-free-qwen3-coder-x")]
    public void FreeKey_DropsProviderAndFreeSuffix_AndKeepsOnlyLowerCaseLettersDigitsAndDashes(string id, string expected)
    {
        Assert.That(ModelKeys.FreeKey(id), Is.EqualTo(expected));
    }

    [Test]
    public void QualifiedFreeKey_PutsTheProviderIn()
    {
        Assert.That(ModelKeys.QualifiedFreeKey("nous.research/hermes-3:free"), Is.EqualTo("or-free-nous-research-hermes-3"));
    }
}
