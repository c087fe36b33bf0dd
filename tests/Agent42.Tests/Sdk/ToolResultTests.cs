using Agent42.Sdk;

namespace Agent42.Tests.Sdk;

public sealed class ToolResultTests
{
    [Test]
    public void Content_OfSuccessfulResult_IsTheOutput()
    {
        Assert.That(ToolResult.Ok("hello").Content, Is.EqualTo("hello"));
    }

    [Test]
    public void Content_OfFailedResult_IsErrorPrefixedWithError()
    {
        var result = ToolResult.Fail("file not found", "partial");

        Assert.Multiple(() =>
        {
            Assert.That(result.Success, Is.False);
            Assert.That(result.Content, Is.EqualTo("Error: file not found"));
            Assert.That(result.Output, Is.EqualTo("partial"));
        });
    }

    [Test]
    public void Fail_WithEmptyError_StillSaysSomething()
    {
        Assert.That(ToolResult.Fail("").Error, Is.Not.Empty);
    }
}
