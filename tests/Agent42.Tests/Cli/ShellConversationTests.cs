using System.Text.Json;
using Agent42.Tests.Core.Models.Catalog;
using Agent42.Tests.Support;

namespace Agent42.Tests.Cli;

/// <summary>The shell's conversation, through the real command line against the fake OpenRouter: what each request carries, and the saved sessions.</summary>
public sealed class ShellConversationTests : IAsyncDisposable
{
    private readonly CliRun _cli = new();
    private FakeOpenRouter _server = null!;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    [SetUp]
    public async Task StartServerAsync()
    {
        _server = await FakeOpenRouter.StartAsync();
        _cli.Environment["OPENROUTER_BASE_URL"] = _server.BaseUrl;
        _cli.Environment["OPENROUTER_API_KEY"] = "sk-test";
    }

    private string SessionsFolder => _cli.Directory.Combine("data", "sessions");

    /// <summary>Each task's primary answer, then the critic's approval.</summary>
    private void Answer(params string[] answers)
    {
        foreach (var answer in answers)
        {
            _server.ChatAnswers.Enqueue(ScriptedAnswer.Text(answer));
            _server.ChatAnswers.Enqueue(ScriptedAnswer.Text("APPROVED\nSCORE: 0.9"));
        }
    }

    /// <summary>The (role, content) of each message of each chat request, in order.</summary>
    private List<List<(string Role, string Content)>> Requests() => _server.ChatRequests
        .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("content").ValueKind == JsonValueKind.String ? m.GetProperty("content").GetString()! : m.GetProperty("content").GetRawText()))
            .ToList())
        .ToList();

    [Test]
    public async Task TheSecondTask_CarriesTheFirstTaskAndAnswer_AndAfterNew_NoneOfIt()
    {
        Answer("file-a.txt\nfile-b.txt", "Two files: file-a.txt and file-b.txt.", "Tokens fall like rain");

        var outcome = await _cli.RunWithInputAsync("research: list the files\nresearch: now summarise what you found\n/new\ncontent: write a haiku\n");

        var requests = Requests();
        Assert.That(requests, Has.Count.EqualTo(6), outcome.Out + outcome.Error);
        var second = requests[2];
        Assert.Multiple(() =>
        {
            Assert.That(requests[0].Select(m => m.Role), Is.EqualTo(new[] { "system", "user" }), "the first task is on its own");
            Assert.That(second.Select(m => m.Role), Is.EqualTo(new[] { "system", "user", "assistant", "user" }));
            Assert.That(second[1].Content, Is.EqualTo("list the files"));
            Assert.That(second[2].Content, Is.EqualTo("file-a.txt\nfile-b.txt"));
            Assert.That(second[3].Content, Is.EqualTo("now summarise what you found"));
            Assert.That(requests[3][^1].Content, Does.StartWith("This task continues a conversation").And.Contain("asked: list the files"),
                "the critic judges the follow-up in its context");
            Assert.That(requests[4].Select(m => m.Role), Is.EqualTo(new[] { "system", "user" }), "after /new the conversation starts afresh");
            Assert.That(string.Concat(requests[4].Select(m => m.Content)), Does.Not.Contain("list the files"));
            Assert.That(outcome.Out, Does.Contain("new conversation (session "));
            Assert.That(File.ReadAllLines(_cli.Directory.Combine("data", "outcomes.jsonl")), Has.Length.EqualTo(3),
                "every task of a conversation is an outcome of its own");
            Assert.That(Directory.GetFiles(SessionsFolder, "*.json"), Has.Length.EqualTo(2), "the conversation before /new stays saved");
        });
    }

    [Test]
    public async Task AFollowUpWithoutKeywords_KeepsThePreviousTasksType()
    {
        Answer("Thanks, team!", "Thanks again, team!");

        await _cli.RunWithInputAsync("email: thank the team\nand again, please\n");

        var requests = Requests();
        Assert.That(requests, Has.Count.EqualTo(4));
        Assert.That(requests[2][0].Content, Does.Contain("type email"));
    }

    [Test]
    public async Task Resume_ContinuesTheLastSavedSession_AndHistoryListsItsTurns()
    {
        Answer("file-a.txt\nfile-b.txt");
        await _cli.RunWithInputAsync("research: list the files\n");
        var saved = Path.GetFileNameWithoutExtension(Directory.GetFiles(SessionsFolder, "*.json").Single());
        Answer("Two files.");

        var resumed = await _cli.RunWithInputAsync("/history\nresearch: now summarise what you found\n/history\n", "--resume");

        var requests = Requests();
        Assert.Multiple(() =>
        {
            Assert.That(resumed.ExitCode, Is.Zero, resumed.Error);
            Assert.That(resumed.Out.Split('\n')[0], Does.EndWith($"Resumed session {saved} (1 turn)."));
            Assert.That(resumed.Out, Does.Contain("  1. research: list the files\n     -> file-a.txt (or-free-"));
            Assert.That(resumed.Out, Does.Contain("  2. research: now summarise what you found\n     -> Two files. (or-free-"));
            Assert.That(requests[2].Select(m => m.Content), Is.EqualTo(new[] { requests[2][0].Content, "list the files", "file-a.txt\nfile-b.txt", "now summarise what you found" }));
            Assert.That(Directory.GetFiles(SessionsFolder, "*.json"), Has.Length.EqualTo(1), "the resumed session goes on in its own file");
        });
    }

    [Test]
    public async Task ResumeInTheShell_ByIdOrLast_AndSessionsListsThem()
    {
        Answer("one", "two");
        await _cli.RunWithInputAsync("research: first conversation\n/new\nresearch: second conversation\n");
        var first = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(SessionsFolder, "*.json")
            .Single(f => File.ReadAllText(f).Contains("first conversation", StringComparison.Ordinal)))).RootElement.GetProperty("id").GetString()!;
        Answer("three");

        var outcome = await _cli.RunWithInputAsync($"/sessions\n/resume {first}\nresearch: go on\n/resume ../../etc/passwd\n/resume nosuch\n");

        var last = Requests()[^2];
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Out, Does.Contain(first).And.Contain("'/resume <id>' continues one"));
            Assert.That(outcome.Out, Does.Contain($"resumed session {first} (1 turn)"));
            Assert.That(last.Select(m => m.Content), Does.Contain("first conversation").And.Not.Contain("second conversation"));
            Assert.That(outcome.Out, Does.Contain("'../../etc/passwd' is not a session id"));
            Assert.That(outcome.Out, Does.Contain("no saved session 'nosuch'"));
        });
    }

    [Test]
    public async Task ACorruptSessionFile_IsWarnedAbout_KeptAsItIs_AndTheShellStillWorks()
    {
        Directory.CreateDirectory(SessionsFolder);
        var corrupt = Path.Combine(SessionsFolder, "20261201-000000-abcdef.json");
        File.WriteAllText(corrupt, "{\"id\": \"20261201-000000-abcdef\", \"turns\": [");
        Answer("file-a.txt");

        var outcome = await _cli.RunWithInputAsync("research: list the files\n", "--resume");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
            Assert.That(outcome.Out, Does.Contain($"warning: the saved conversation {corrupt} cannot be used"));
            Assert.That(outcome.Out, Does.Contain("no saved session to resume"));
            Assert.That(outcome.Out, Does.Contain("file-a.txt\n(approved"));
            Assert.That(File.ReadAllText(corrupt), Is.EqualTo("{\"id\": \"20261201-000000-abcdef\", \"turns\": ["), "never written over");
            Assert.That(Directory.GetFiles(SessionsFolder, "*.json"), Has.Length.EqualTo(2), "the new conversation is saved beside it");
        });
    }

    [Test]
    public async Task AnAnswerWithJsonNewlinesQuotesAndControlCharacters_GoesBackToTheModelAsItWas()
    {
        const string Answer1 = "{\"files\": [\"a \\\"b\\\".txt\"]}\nline \"two\"\t\u0001\u001b[0m end";
        Answer(Answer1, "ok");

        await _cli.RunWithInputAsync("research: list the files as json\n");
        await _cli.RunWithInputAsync("research: and again\n", "--resume");

        Assert.That(Requests()[2][2].Content, Is.EqualTo(Answer1));
    }

    [Test]
    public async Task TheAgentsOwnFileTools_CannotWriteASessionFile()
    {
        var outcome = await _cli.RunWithInputAsync("/call write_file {\"path\":\"data/sessions/20261201-000000-abcdef.json\",\"content\":\"{}\"}\n");

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(SessionsFolder, "20261201-000000-abcdef.json")), Is.False, outcome.Out);
            Assert.That(Requests(), Is.Empty, "a /call is not a task");
        });
    }

    [Test]
    public async Task ATempLeftByAWriterKilledMidWrite_IsSweptAtStart_AndNeverListed()
    {
        Directory.CreateDirectory(SessionsFolder);
        var temp = Path.Combine(SessionsFolder, Agent42.Core.Storage.AtomicFile.TempName("20261201-000000-abcdef.json"));
        File.WriteAllText(temp, "{\"id\": \"20261201-000000-abc");
        File.SetLastWriteTimeUtc(temp, DateTime.UtcNow.AddHours(-1));

        var outcome = await _cli.RunWithInputAsync("/sessions\n");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Out, Does.Contain("no saved sessions").And.Not.Contain("warning"));
            Assert.That(File.Exists(temp), Is.False);
        });
    }

    [Test]
    public async Task AnAnswerWhoseOutcomeFailedToRecord_IsStillATurn()
    {
        // A directory where the outcome log goes: the run answers, then its recording fails.
        Directory.CreateDirectory(_cli.Directory.Combine("data", "outcomes.jsonl"));
        Answer("file-a.txt", "Two files.");

        var outcome = await _cli.RunWithInputAsync("research: list the files\nresearch: now summarise what you found\n");

        var requests = Requests();
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Out, Does.Contain("error: the outcome was not recorded"));
            Assert.That(requests, Has.Count.EqualTo(4), outcome.Out);
            Assert.That(requests[2].Select(m => m.Content), Does.Contain("file-a.txt"), "the unrecorded answer is part of the conversation");
        });
    }

    [Test]
    public async Task AKeywordOfTheFollowUp_WinsOverThePreviousType()
    {
        Answer("Thanks, team!", "def f(): pass");

        await _cli.RunWithInputAsync("email: thank the team\nwrite a python function that parses the csv file\n");

        var requests = Requests();
        Assert.That(requests, Has.Count.EqualTo(4));
        Assert.That(requests[2][0].Content, Does.Not.Contain("type email"));
    }
}
