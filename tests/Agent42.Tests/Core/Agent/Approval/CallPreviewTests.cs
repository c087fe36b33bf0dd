using System.Text.Json;
using Agent42.Core.Agent.Approval;
using Agent42.Core.Security;
using Agent42.Core.Tools;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Agent.Approval;

public sealed class CallPreviewTests : IDisposable
{
    private readonly TempDirectory _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private string Describe(string tool, string argumentsJson) =>
        new CallPreview(new WorkspaceSandbox(_workspace.Path), new ToolOptions())
            .Describe(new ToolCallProposal(tool, JsonDocument.Parse(argumentsJson).RootElement, IsReadOnly: false));

    [Test]
    public void WriteFile_OverAnExistingFile_IsAUnifiedDiffAgainstItsContent()
    {
        _workspace.Write("notes.txt", "one\ntwo\nthree\n");

        var preview = Describe("write_file", """{"path":"notes.txt","content":"one\n2\nthree\n"}""");

        Assert.That(preview, Does.Contain("--- a/notes.txt\n+++ b/notes.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+2\n three"));
    }

    [Test]
    public void WriteFile_OfANewFile_IsAllAdded()
    {
        var preview = Describe("write_file", """{"path":"src/new.txt","content":"hello\n"}""");

        Assert.That(preview, Does.Contain("(new file)").And.Contain("--- /dev/null\n+++ b/src/new.txt").And.Contain("+hello"));
    }

    [Test]
    public void EditFile_IsTheDiffOfTheFileWithTheReplacementMade()
    {
        _workspace.Write("app.cs", "var x = 1;\nvar y = 2;\n");

        var preview = Describe("edit_file", """{"path":"app.cs","old_string":"y = 2","new_string":"y = 3"}""");

        Assert.That(preview, Does.Contain("-var y = 2;\n+var y = 3;").And.Contain(" var x = 1;"));
    }

    [Test]
    public void EditFile_WhoseOldStringIsMissing_SaysTheCallWillFail()
    {
        _workspace.Write("app.cs", "var x = 1;\n");

        var preview = Describe("edit_file", """{"path":"app.cs","old_string":"nope","new_string":"yes"}""");

        Assert.That(preview, Does.Contain("old_string is not in it, so the call will fail"));
    }

    [Test]
    public void Shell_IsTheCommand_AndHttpRequest_TheMethodAndUrl() => Assert.Multiple(() =>
    {
        Assert.That(Describe("shell", """{"command":"rm -rf build"}"""), Is.EqualTo("$ rm -rf build"));
        Assert.That(Describe("http_request", """{"url":"https://example.com/x","method":"post","body":"{}"}"""), Is.EqualTo("POST https://example.com/x\n\n{}"));
        Assert.That(Describe("my_tool", """{"a":1}"""), Is.EqualTo("""{"a":1}"""));
    });

    [Test]
    public void TerminalControlCharacters_FromTheModel_AreShownAsEscapes_NotSentToTheTerminal()
    {
        var preview = Describe("shell", """{"command":"echo hi\u001b[2K\r\u202erm -rf ~"}""");

        Assert.That(preview, Is.EqualTo("$ echo hi\\u001b[2K\n\\u202erm -rf ~"), "a lone CR is a line end; escape, erase-line and the RTL override are visible");
    }
}
