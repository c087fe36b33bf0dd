using Agent42.Core.Agent;
using Agent42.Core.Agent.Conversation;
using Agent42.Sdk;
using Microsoft.Extensions.AI;

namespace Agent42.Tests.Core.Agent.Conversation;

public sealed class ConversationWindowTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static ConversationTurn Turn(int n, string? answer = null, string? task = null) =>
        new($"t-{n}", task ?? $"task {n}", TaskType.Research, answer ?? $"answer {n}", "or-free-a", At.AddMinutes(n));

    [Test]
    public void AShortConversation_IsSentWhole_AsUserAssistantPairs_OldestFirst_BetweenSystemAndTask()
    {
        var window = ConversationWindow.Fit([Turn(1), Turn(2)], ConversationBudget.Floor);

        var messages = window.Messages("system prompt", "now summarise what you found");

        Assert.Multiple(() =>
        {
            Assert.That(messages.Select(m => m.Role), Is.EqualTo(new[] { ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.User, ChatRole.Assistant, ChatRole.User }));
            Assert.That(messages.Select(m => m.Text), Is.EqualTo(new[] { "system prompt", "task 1", "answer 1", "task 2", "answer 2", "now summarise what you found" }));
            Assert.That(window.LeftOut, Is.Zero);
            Assert.That(window.Summary, Is.Null);
        });
    }

    [Test]
    public void NoHistory_SendsTheSystemPromptAndTheTaskOnly()
    {
        var messages = ConversationWindow.Fit([], ConversationBudget.Floor).Messages("system", "task");

        Assert.That(messages.Select(m => m.Text), Is.EqualTo(new[] { "system", "task" }));
    }

    [Test]
    public void OverBudget_TheNewestTurnsStayWhole_AndTheOlderOnesBecomeOneLineInTheSystemPrompt()
    {
        // Each turn costs about 2,000 characters; the budget holds 1,000 tokens = 4,000 characters, less the summary's share.
        var history = Enumerable.Range(1, 6).Select(n => Turn(n, new string((char)('a' + n), 2_000))).ToList();

        var window = ConversationWindow.Fit(history, 1_000);
        var messages = window.Messages("system", "next");

        Assert.Multiple(() =>
        {
            Assert.That(window.Turns.Select(t => t.TaskId), Is.EqualTo(new[] { "t-6" }), "the newest turn, whole");
            Assert.That(window.Turns[0].Answer, Is.EqualTo(history[5].Answer));
            Assert.That(window.LeftOut, Is.EqualTo(5));
            Assert.That(window.Summary, Does.Contain("\"task 1\"; \"task 2\"; \"task 3\"; \"task 4\"; \"task 5\""), "oldest first");
            Assert.That(messages[0].Text, Does.StartWith("system\n\n").And.Contain("5 turn(s) left out"));
            Assert.That(messages.Count(m => m.Role == ChatRole.System), Is.EqualTo(1), "one system message: some models refuse a second");
            Assert.That(window.Chars, Is.LessThanOrEqualTo(4_000));
        });
    }

    [Test]
    public void AnOverLongAnswer_IsCutInItsMiddle_WithAMarker_KeepingItsStartAndEnd()
    {
        var answer = "START " + new string('x', 100_000) + " END";

        var window = ConversationWindow.Fit([Turn(1, answer)], ConversationBudget.Floor);
        var sent = window.Turns.Single().Answer;

        Assert.Multiple(() =>
        {
            Assert.That(sent, Does.StartWith("START ").And.EndWith(" END"));
            Assert.That(sent, Does.Match(@"\[… \d+ characters cut …\]"));
            Assert.That(sent.Length, Is.LessThanOrEqualTo(ConversationBudget.Floor * 4 / 2), "an answer takes at most half the budget");
            Assert.That(window.LeftOut, Is.Zero, "cut, the turn fits and is kept");
        });
    }

    [Test]
    public void APastedHugeTask_IsCutToAQuarterOfTheBudget()
    {
        var window = ConversationWindow.Fit([Turn(1, task: "fix " + new string('y', 1_000_000))], ConversationBudget.Floor);

        Assert.That(window.Turns.Single().Task.Length, Is.LessThanOrEqualTo(ConversationBudget.Floor));
    }

    [Test]
    public void TheWindow_NeverExceedsItsBudget_WhateverTheHistory()
    {
        var history = Enumerable.Range(1, 300).Select(n => Turn(n, new string('z', n * 37 % 5_000), new string('q', n * 13 % 3_000))).ToList();

        foreach (var budget in new[] { 1, 10, 100, 1_000, 4_000, 32_000 })
        {
            var window = ConversationWindow.Fit(history, budget);
            Assert.That(window.Chars, Is.LessThanOrEqualTo(budget * 4L), $"budget {budget}");
        }
    }

    [Test]
    public void TheSummaryLine_IsBounded_AndSaysHowManyMoreWereNotListed()
    {
        var history = Enumerable.Range(1, 500).Select(n => Turn(n, new string('a', 4_000), $"question number {n} " + new string('w', 200))).ToList();

        var window = ConversationWindow.Fit(history, ConversationBudget.Floor);

        Assert.Multiple(() =>
        {
            Assert.That(window.Summary!.Length, Is.LessThanOrEqualTo(ConversationWindow.SummaryMaxChars));
            Assert.That(window.Summary, Does.Match(@"and \d+ more\.$"));
            Assert.That(window.Summary, Does.Contain("\"question number 1 "));
        });
    }

    [Test]
    public void TheSameHistory_GivesTheSameWindow()
    {
        var history = Enumerable.Range(1, 40).Select(n => Turn(n, new string('b', 900))).ToList();

        var first = ConversationWindow.Fit(history, 2_000).Messages("s", "t").Select(m => m.Text);
        var second = ConversationWindow.Fit(history, 2_000).Messages("s", "t").Select(m => m.Text);

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void AnEmptyAnswer_IsSentAsAPlaceholder_NotAsAnEmptyAssistantMessage()
    {
        var messages = ConversationWindow.Fit([Turn(1, string.Empty)], ConversationBudget.Floor).Messages("s", "t");

        Assert.That(messages[2].Text, Is.EqualTo(ConversationWindow.NoAnswer));
    }

    [Test]
    public void TheCritic_IsToldTheConversationInShortForm()
    {
        var window = ConversationWindow.Fit([Turn(1, "line one\nline two", "list the files")], ConversationBudget.Floor);

        var review = Prompts.Review("now summarise what you found", "a summary", window.ReviewContext());

        Assert.Multiple(() =>
        {
            Assert.That(review, Does.StartWith("This task continues a conversation"));
            Assert.That(review, Does.Contain("- asked: list the files\n  answered: line one\n"));
            Assert.That(review, Does.Not.Contain("line two"), "first lines only");
            Assert.That(review, Does.EndWith("Task:\nnow summarise what you found\n\nAnswer:\na summary"));
            Assert.That(Prompts.Review("t", "a", ConversationWindow.Empty.ReviewContext()), Is.EqualTo(Prompts.Review("t", "a")));
        });
    }

    [Test]
    public void ACut_NeverSplitsASurrogatePair()
    {
        var answer = string.Concat(Enumerable.Repeat("😀", 50_000));

        var sent = ConversationWindow.Fit([Turn(1, answer)], ConversationBudget.Floor).Turns.Single().Answer;

        for (var i = 0; i < sent.Length; i++)
        {
            Assert.That(char.IsHighSurrogate(sent[i]) ? i + 1 < sent.Length && char.IsLowSurrogate(sent[i + 1]) : !char.IsLowSurrogate(sent[i]) || (i > 0 && char.IsHighSurrogate(sent[i - 1])),
                $"lone surrogate at {i}");
        }
    }

    [TestCase(null, 1_000, ConversationBudget.Floor)]
    [TestCase(32_768, 10_000, 8_192)]
    [TestCase(1_000_000, 10_000, ConversationBudget.Cap)]
    [TestCase(16_000, 14_000, 2_000)]
    [TestCase(8_000, 14_000, 0)]
    public void TheBudget_IsAQuarterOfTheWindow_BoundedByFloorCapAndTheRoomLeft(int? context, int promptNeed, int expected)
    {
        Assert.That(ConversationBudget.Tokens(context, promptNeed), Is.EqualTo(expected));
    }

    [Test]
    public void TheContextNeed_CountsTheHistoryAsSentAtTheFloorBudget()
    {
        var history = Enumerable.Range(1, 100).Select(n => Turn(n, new string('c', 4_000))).ToList();

        var alone = ContextNeed.Estimate(TaskType.Research, "next", []);
        var inConversation = ContextNeed.Estimate(TaskType.Research, "next", [], history);

        Assert.Multiple(() =>
        {
            Assert.That(inConversation - alone, Is.EqualTo(ConversationWindow.Fit(history, ConversationBudget.Floor).Tokens));
            Assert.That(inConversation - alone, Is.InRange(ConversationBudget.Floor / 2, ConversationBudget.Floor));
            Assert.That(ContextNeed.Estimate(TaskType.Research, "next", [], []), Is.EqualTo(alone));
        });
    }
}
