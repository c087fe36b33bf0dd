using System.Text.Json;
using Agent42.Core.Agent;
using Agent42.Sdk;

namespace Agent42.Tests.Core.Agent;

public sealed class ContextNeedTests
{
    [Test]
    public void TheNeed_IsThePromptAtFourCharactersAToken_PlusHeadroom_AndGrowsWithTheTaskAndTheTools()
    {
        var tool = new ToolInfo("grep", new string('d', 400), JsonDocument.Parse("{\"type\":\"object\"}").RootElement.Clone(), ToolSource.BuiltIn, null);
        var small = ContextNeed.Estimate(TaskType.Coding, "fix the bug", []);
        var pasted = ContextNeed.Estimate(TaskType.Coding, "fix the bug" + new string('x', 400_000), []);
        var withTool = ContextNeed.Estimate(TaskType.Coding, "fix the bug", [tool]);

        Assert.Multiple(() =>
        {
            Assert.That(small, Is.GreaterThan(ContextNeed.Headroom).And.LessThan(ContextNeed.Headroom + 1000));
            Assert.That(pasted - small, Is.EqualTo(100_000).Within(1), "400,000 more characters, 100,000 more tokens");
            Assert.That(withTool, Is.GreaterThan(small + 100), "a tool's declaration is part of the prompt");
        });
    }
}
