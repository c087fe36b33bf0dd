using System.Text.Json;
using Agent42.Core.Tools;
using Agent42.Mcp;
using Agent42.Sdk;
using Agent42.Tests.Support;
using ModelContextProtocol.Protocol;

namespace Agent42.Tests.Mcp;

public sealed class McpToolMappingTests
{
    [Test]
    public void ToProtocolTool_CarriesNameDescriptionSchemaAndReadOnlyHint()
    {
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}""").RootElement;
        var registration = new ToolRegistration(
            new ToolSnapshot(new DelegateTool("peek", (_, _) => Task.FromResult(ToolResult.Ok(""))), "peek", "Looks.", schema) { IsReadOnly = true },
            ToolSource.Plugin, "/t/peek.cs");

        var tool = McpToolMapping.ToProtocolTool(registration);

        Assert.That((tool.Name, tool.Description, tool.Annotations?.ReadOnlyHint), Is.EqualTo(("peek", "Looks.", (bool?)true)));
        Assert.That(tool.InputSchema.GetRawText(), Is.EqualTo(schema.GetRawText()));
    }

    [TestCase("""{"type":"string"}""")]
    [TestCase("""[1,2]""")]
    [TestCase("""{"properties":{}}""")]
    public void ToProtocolTool_ASchemaMcpCannotCarry_BecomesAnyObject_AndTheToolStaysListed(string schema)
    {
        var registration = new ToolRegistration(
            new ToolSnapshot(new DelegateTool("odd", (_, _) => Task.FromResult(ToolResult.Ok(""))), "odd", "Odd.", JsonDocument.Parse(schema).RootElement),
            ToolSource.Plugin, "/t/odd.cs");

        Assert.That(McpToolMapping.ToProtocolTool(registration).InputSchema.GetRawText(), Is.EqualTo("""{"type":"object"}"""));
    }

    [Test]
    public void ToCallToolResult_SuccessIsTheOutput_FailureIsAnErrorWithItsPartialOutput()
    {
        var ok = McpToolMapping.ToCallToolResult(ToolResult.Ok("done"));
        var failed = McpToolMapping.ToCallToolResult(ToolResult.Fail("exit code 2", "partial"));

        Assert.That((ok.IsError, Text(ok)), Is.EqualTo(((bool?)false, "done")));
        Assert.That((failed.IsError, Text(failed)), Is.EqualTo(((bool?)true, "exit code 2\npartial")));
    }

    [Test]
    public void Arguments_NoneIsAnEmptyObject()
    {
        Assert.That(McpToolMapping.Arguments(null).GetRawText(), Is.EqualTo("{}"));
        var given = new Dictionary<string, JsonElement> { ["path"] = JsonDocument.Parse("\"a.txt\"").RootElement };
        Assert.That(McpToolMapping.Arguments(given).GetProperty("path").GetString(), Is.EqualTo("a.txt"));
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
}
