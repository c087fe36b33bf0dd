using Agent42.Core.Agent.Classification;
using Agent42.Sdk;

namespace Agent42.Tests.Core.Agent.Classification;

public sealed class TaskTypeClassifierTests
{
    private static readonly TaskTypeClassifier Sut = new();

    [TestCase("Implement a function that parses ISO dates in C#", TaskType.Coding)]
    [TestCase("Add a REST endpoint to the API for listing users", TaskType.Coding)]
    [TestCase("Write a Python script that renames photos by date", TaskType.Coding)]
    [TestCase("Build a CLI tool in Rust", TaskType.Coding)]
    [TestCase("Fix the bug in the parser", TaskType.Debugging)]
    [TestCase("The app crashes with a NullReferenceException on startup", TaskType.Debugging)]
    [TestCase("Why does the test fail intermittently?", TaskType.Debugging)]
    [TestCase("Here is the stack trace, find out what is broken", TaskType.Debugging)]
    [TestCase("Research the best vector databases for a small project", TaskType.Research)]
    [TestCase("Compare Postgres and SQLite for an embedded app", TaskType.Research)]
    [TestCase("What is the state of the art in speech recognition?", TaskType.Research)]
    [TestCase("Summarize recent papers on retrieval augmented generation", TaskType.Research)]
    [TestCase("Refactor the OrderService to remove duplication", TaskType.Refactoring)]
    [TestCase("Clean up the utils module and extract method for the retry loop", TaskType.Refactoring)]
    [TestCase("Rename the confusing variables and simplify the nested ifs", TaskType.Refactoring)]
    [TestCase("Document the public API of the plugin SDK", TaskType.Documentation)]
    [TestCase("Add docstrings to every function in utils.py", TaskType.Documentation)]
    [TestCase("Update the README.md with install steps", TaskType.Documentation)]
    [TestCase("Write a tagline and ad copy for our product launch", TaskType.Marketing)]
    [TestCase("Plan a social media campaign for the spring sale", TaskType.Marketing)]
    [TestCase("Improve the SEO of our landing page", TaskType.Marketing)]
    [TestCase("Reply to the customer's email about a late delivery", TaskType.Email)]
    [TestCase("Draft an e-mail to the team announcing the offsite", TaskType.Email)]
    [TestCase("Write a polite follow-up to the recruiter", TaskType.Email)]
    [TestCase("Design a wireframe for the settings screen", TaskType.Design)]
    [TestCase("Pick a color palette and typography for the new logo", TaskType.Design)]
    [TestCase("Sketch the UX of onboarding", TaskType.Design)]
    [TestCase("Write a blog post about our journey to remote work", TaskType.Content)]
    [TestCase("Write a short story about a lighthouse keeper", TaskType.Content)]
    [TestCase("Draft a newsletter for March", TaskType.Content)]
    [TestCase("Write captions for our Instagram posts", TaskType.Content)]
    [TestCase("Develop a go-to-market strategy for the EU", TaskType.Strategy)]
    [TestCase("Do a SWOT analysis of our competitors", TaskType.Strategy)]
    [TestCase("Should we change our pricing to usage based?", TaskType.Strategy)]
    [TestCase("Analyze this CSV of sales and chart the monthly trends", TaskType.DataAnalysis)]
    [TestCase("Compute the average and median order value from orders.xlsx", TaskType.DataAnalysis)]
    [TestCase("Load the dataset with pandas and plot a histogram", TaskType.DataAnalysis)]
    [TestCase("Break down the epic into user stories with estimates", TaskType.ProjectManagement)]
    [TestCase("Create a sprint plan with milestones and deadlines", TaskType.ProjectManagement)]
    [TestCase("Write a status report for stakeholders", TaskType.ProjectManagement)]
    public void RealisticTasks_GetTheirType(string task, TaskType expected)
    {
        Assert.That(Sut.Classify(task).Type, Is.EqualTo(expected));
    }

    [Test]
    public void EveryTaskType_IsCoveredByTheTable()
    {
        var covered = typeof(TaskTypeClassifierTests).GetMethod(nameof(RealisticTasks_GetTheirType))!
            .GetCustomAttributes(typeof(TestCaseAttribute), false).Cast<TestCaseAttribute>()
            .Select(c => (TaskType)c.Arguments[1]!).ToHashSet();

        Assert.That(covered, Is.EquivalentTo(Enum.GetValues<TaskType>()));
    }

    [Test]
    public void Evidence_IsTheMatchedWords_InTextOrder_LowerCase_Once()
    {
        var result = Sut.Classify("Fix the BUG: it crashes, the bug crashes again");

        Assert.That(result, Has.Property("Type").EqualTo(TaskType.Debugging).And.Property("Evidence").EqualTo(new[] { "fix", "bug", "crashes" }));
    }

    [Test]
    public void APhrase_HidesTheWordInsideIt_AndWeighsDouble()
    {
        // Documentation wins ties over Content, so only the phrase's double weight makes this Content.
        var result = Sut.Classify("Write a blog post about our docs");

        Assert.Multiple(() =>
        {
            Assert.That(result.Type, Is.EqualTo(TaskType.Content));
            Assert.That(result.Evidence, Is.EqualTo(new[] { "blog post" }));
        });
    }

    [TestCase("Fix the typo in the README", TaskType.Documentation)]
    [TestCase("Simplify the error handling", TaskType.Refactoring)]
    [TestCase("Debug the parser", TaskType.Debugging)]
    [TestCase("Compare the two charts", TaskType.DataAnalysis)]
    [TestCase("Write the ticket for the api", TaskType.ProjectManagement)]
    public void Ties_GoToTheMoreSpecificType(string task, TaskType expected)
    {
        Assert.That(Sut.Classify(task).Type, Is.EqualTo(expected));
    }

    [Test]
    public void KeywordsMatchWholeWordsOnly()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Sut.Classify("Add padding").Evidence, Is.Empty, "'ad' is not inside 'add' or 'padding'");
            Assert.That(Sut.Classify("Prefix every line").Type, Is.EqualTo(TaskType.Content), "'fix' is not inside 'prefix'");
            Assert.That(Sut.Classify("Port the service to C#").Evidence, Is.EqualTo(new[] { "c#" }));
        });
    }

    [TestCase("How tall is Mount Everest?", TaskType.Research, "?")]
    [TestCase("who invented the telephone", TaskType.Research, "who")]
    [TestCase("Make it more cheerful", TaskType.Content, null)]
    [TestCase("   ", TaskType.Content, null)]
    [TestCase("", TaskType.Content, null)]
    public void WithoutKeywords_AQuestionIsResearch_AndAnythingElseContent(string task, TaskType expected, string? evidence)
    {
        var result = Sut.Classify(task);

        Assert.Multiple(() =>
        {
            Assert.That(result.Type, Is.EqualTo(expected));
            Assert.That(result.Evidence, Is.EqualTo(evidence is null ? Array.Empty<string>() : new[] { evidence }));
        });
    }

    [Test]
    public void ListingTheWorkspace_IsCoding_NotTheContentDefault()
    {
        var result = Sut.Classify("list the files in the workspace");

        Assert.Multiple(() =>
        {
            Assert.That(result.Type, Is.EqualTo(TaskType.Coding));
            Assert.That(result.Evidence, Is.EqualTo(new[] { "list", "files", "workspace" }));
            Assert.That(result.IsUnsure, Is.False);
        });
    }

    [Test]
    public void FollowUpsWithNoTypeOfTheirOwn_AreUnsure()
    {
        var sure = LabelledPrompts.Lines("followups.txt").Select(f => (Text: f, Result: Sut.Classify(f))).Where(r => !r.Result.IsUnsure)
            .Select(r => $"{r.Text} -> {r.Result.Type} at {r.Result.Confidence}");

        Assert.That(sure, Is.Empty);
    }

    [TestCase("the action decides: write a test for the email parser", TaskType.Coding)]
    [TestCase("draft an email to the parser team", TaskType.Email)]
    [TestCase("debug our marketing funnel", TaskType.Marketing)]
    [TestCase("the tests crash since the last deploy", TaskType.Debugging)]
    [TestCase("renaming getUser to fetchUser across the codebase", TaskType.Refactoring)]
    [TestCase("Crashes when saving, why?", TaskType.Debugging)]
    [TestCase("implemnt the parsr for the config", TaskType.Coding)]
    public void TheLabellingRules_HoldOnPromptsWhoseWordsMislead(string task, TaskType expected)
    {
        Assert.That(Sut.Classify(task).Type, Is.EqualTo(expected));
    }

    [Test]
    public void TwoTypesEquallyNamed_AreUnsure_AndSayTheRunnerUp()
    {
        var result = Sut.Classify("blog post or email");

        Assert.Multiple(() =>
        {
            Assert.That(result.IsUnsure, Is.True, $"confidence {result.Confidence}");
            Assert.That(new[] { result.Type, result.RunnerUp }, Is.EquivalentTo(new TaskType?[] { TaskType.Content, TaskType.Email }));
        });
    }

    [Test]
    public void MoreEvidence_MeansMoreConfidence()
    {
        var weak = Sut.Classify("the chart");
        var strong = Sut.Classify("plot a histogram of the csv with pandas and chart the median");

        Assert.Multiple(() =>
        {
            Assert.That(weak.Type, Is.EqualTo(TaskType.DataAnalysis));
            Assert.That(strong.Type, Is.EqualTo(TaskType.DataAnalysis));
            Assert.That(strong.Confidence, Is.GreaterThan(weak.Confidence));
            Assert.That(strong.Confidence, Is.LessThanOrEqualTo(1));
        });
    }
}
