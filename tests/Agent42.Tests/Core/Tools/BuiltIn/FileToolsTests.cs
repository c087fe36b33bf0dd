using Agent42.Core.Tools.BuiltIn;

namespace Agent42.Tests.Core.Tools.BuiltIn;

public sealed class FileToolsTests : BuiltInToolFixture
{
    [Test]
    public async Task ReadFile_ReadsTheWholeFile()
    {
        Workspace.Write("notes/a.txt", "one\ntwo\nthree\n");

        var result = await CallAsync(new ReadFileTool(Sandbox, Options), new { path = "notes/a.txt" });

        Assert.That(result.Output, Is.EqualTo("one\ntwo\nthree\n"));
    }

    [Test]
    public async Task ReadFile_WithOffsetAndLimit_ReadsThoseLines()
    {
        Workspace.Write("a.txt", "1\n2\n3\n4\n5");

        var result = await CallAsync(new ReadFileTool(Sandbox, Options), new { path = "a.txt", offset = 2, limit = 2 });

        Assert.That(result.Output, Is.EqualTo("2\n3\n"));
    }

    [TestCase("../outside.txt", "leads outside the workspace")]
    [TestCase("/etc/passwd", "is outside the workspace")]
    [TestCase("missing.txt", "'missing.txt' does not exist")]
    [TestCase(".", "is a directory")]
    public async Task ReadFile_RefusesWhatItCannotRead(string path, string expected)
    {
        var result = await CallAsync(new ReadFileTool(Sandbox, Options), new { path });

        Assert.Multiple(() =>
        {
            Assert.That(result.Success, Is.False);
            Assert.That(result.Error, Does.Contain(expected));
        });
    }

    [Test]
    public async Task ReadFile_RefusesBinaryAndOversizeFiles()
    {
        File.WriteAllBytes(Workspace.Combine("bin.dat"), [1, 0, 2]);
        Workspace.Write("big.txt", new string('x', 5 * 1024));

        var binary = await CallAsync(new ReadFileTool(Sandbox, Options), new { path = "bin.dat" });
        var big = await CallAsync(new ReadFileTool(Sandbox, Options), new { path = "big.txt" });

        Assert.Multiple(() =>
        {
            Assert.That(binary.Error, Is.EqualTo("'bin.dat' is a binary file"));
            Assert.That(big.Error, Is.EqualTo("'big.txt' is 5 KB, over the 4 KB limit (FILE_MAX_READ_KB)"));
        });
    }

    [Test]
    public async Task WriteFile_CreatesDirectoriesAndWritesAtomically()
    {
        var result = await CallAsync(new WriteFileTool(Sandbox), new { path = "new/dir/file.txt", content = "héllo" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Output, Is.EqualTo("Wrote 6 bytes to new/dir/file.txt"));
            Assert.That(File.ReadAllText(Workspace.Combine("new/dir/file.txt")), Is.EqualTo("héllo"));
            Assert.That(Directory.GetFiles(Workspace.Combine("new/dir")), Has.Length.EqualTo(1), "no temp file left behind");
        });
    }

    [Test]
    public async Task WriteFile_ThroughASymlinkPointingOutside_IsRefusedAndWritesNothing()
    {
        using var outside = new Support.TempDirectory();
        File.CreateSymbolicLink(Workspace.Combine("escape"), outside.Path);

        var result = await CallAsync(new WriteFileTool(Sandbox), new { path = "escape/x.txt", content = "pwned" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Does.StartWith("Sandbox violation: 'escape/x.txt'"));
            Assert.That(File.Exists(Path.Combine(outside.Path, "x.txt")), Is.False);
        });
    }

    [Test]
    public async Task EditFile_ReplacesAUniqueString()
    {
        Workspace.Write("code.cs", "var a = 1;\nvar b = 2;\n");

        var result = await CallAsync(new EditFileTool(Sandbox, Options), new { path = "code.cs", old_string = "b = 2", new_string = "b = 3" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Success, Is.True, result.Error);
            Assert.That(File.ReadAllText(Workspace.Combine("code.cs")), Is.EqualTo("var a = 1;\nvar b = 3;\n"));
        });
    }

    [Test]
    public async Task EditFile_WhenStringOccursTwice_RefusesUnlessReplaceAll()
    {
        Workspace.Write("x.txt", "a a");
        var tool = new EditFileTool(Sandbox, Options);

        var refused = await CallAsync(tool, new { path = "x.txt", old_string = "a", new_string = "b" });
        Assert.That(refused.Error, Is.EqualTo("old_string occurs 2 times in 'x.txt'; add context to make it unique, or set replace_all"));
        Assert.That(File.ReadAllText(Workspace.Combine("x.txt")), Is.EqualTo("a a"));

        var all = await CallAsync(tool, new { path = "x.txt", old_string = "a", new_string = "b", replace_all = true });
        Assert.Multiple(() =>
        {
            Assert.That(all.Output, Is.EqualTo("Replaced 2 occurrence(s) in x.txt"));
            Assert.That(File.ReadAllText(Workspace.Combine("x.txt")), Is.EqualTo("b b"));
        });
    }

    [Test]
    public async Task EditFile_WhenStringIsMissing_FailsAndLeavesTheFile()
    {
        Workspace.Write("x.txt", "hello");

        var result = await CallAsync(new EditFileTool(Sandbox, Options), new { path = "x.txt", old_string = "bye", new_string = "hi" });

        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Is.EqualTo("old_string was not found in 'x.txt'"));
            Assert.That(File.ReadAllText(Workspace.Combine("x.txt")), Is.EqualTo("hello"));
        });
    }

    [Test]
    public async Task ListDir_ListsDirectoriesFirstThenFiles()
    {
        Workspace.Write("b.txt", "");
        Workspace.Write("a.txt", "");
        Workspace.Write("sub/c.txt", "");

        var flat = await CallAsync(new ListDirTool(Sandbox), new { });
        var deep = await CallAsync(new ListDirTool(Sandbox), new { recursive = true });

        Assert.Multiple(() =>
        {
            Assert.That(flat.Output, Is.EqualTo("sub/\na.txt\nb.txt\n"));
            Assert.That(deep.Output, Is.EqualTo("sub/\na.txt\nb.txt\nsub/c.txt\n"));
        });
    }

    [Test]
    public async Task ListDir_StopsAtMaxEntriesAndSaysSo()
    {
        for (var i = 0; i < 5; i++)
        {
            Workspace.Write($"f{i}.txt", "");
        }

        var result = await CallAsync(new ListDirTool(Sandbox), new { max_entries = 2 });

        Assert.That(result.Output, Is.EqualTo("f0.txt\nf1.txt\n... (stopped at 2 entries; raise max_entries or list a subdirectory)\n"));
    }

    [Test]
    public async Task ListDir_OutsideTheWorkspace_IsRefused()
    {
        var result = await CallAsync(new ListDirTool(Sandbox), new { path = ".." });

        Assert.That(result.Error, Is.EqualTo("Sandbox violation: '..' leads outside the workspace by '..'"));
    }

    [Test]
    public async Task Grep_FindsMatchesWithPathAndLine_SkippingBinaryFiles()
    {
        Workspace.Write("src/a.cs", "class A {}\n// TODO fix\n");
        Workspace.Write("src/b.txt", "todo later\n");
        File.WriteAllBytes(Workspace.Combine("src/c.bin"), [(byte)'T', (byte)'O', (byte)'D', (byte)'O', 0]);

        var all = await CallAsync(new GrepTool(Sandbox, Options), new { pattern = "todo", ignore_case = true });
        var onlyCs = await CallAsync(new GrepTool(Sandbox, Options), new { pattern = "TODO", glob = "*.cs" });

        Assert.Multiple(() =>
        {
            Assert.That(all.Output, Is.EqualTo("src/a.cs:2: // TODO fix\nsrc/b.txt:1: todo later\n"));
            Assert.That(onlyCs.Output, Is.EqualTo("src/a.cs:2: // TODO fix\n"));
        });
    }

    [Test]
    public async Task Grep_DoesNotFollowSymlinksOutOfTheWorkspace()
    {
        using var outside = new Support.TempDirectory();
        var secret = outside.Write("secret.txt", "TOKEN=outside\n");
        Directory.CreateSymbolicLink(Workspace.Combine("linked-dir"), outside.Path);
        File.CreateSymbolicLink(Workspace.Combine("linked.txt"), secret);
        Workspace.Write("inside.txt", "TOKEN=inside\n");

        var result = await CallAsync(new GrepTool(Sandbox, Options), new { pattern = "TOKEN" });

        Assert.That(result.Output, Is.EqualTo("inside.txt:1: TOKEN=inside\n"));
    }

    [Test]
    public async Task Grep_WithInvalidPattern_SaysSo()
    {
        var result = await CallAsync(new GrepTool(Sandbox, Options), new { pattern = "(" });

        Assert.That(result.Error, Does.StartWith("'(' is not a valid regular expression"));
    }
}
