using System.Text;
using Agent42.Core.Agent.Classification;
using Agent42.Sdk;

namespace Agent42.Tests.Core.Agent.Classification;

/// <summary>What a careless user or a hostile model can put in a task: the classifier answers, and is not fooled.</summary>
public sealed class TaskTypeClassifierRobustnessTests
{
    private static readonly TaskTypeClassifier Sut = new();

    [TestCase("")]
    [TestCase("   \t\n ")]
    [TestCase("?!?!...,,,;;:: --- /// ``` ''' \"\"")]
    [TestCase("🚀🔥✨🙏")]
    [TestCase("\u0000\u0001\u001b[31m\u200b\u202e\ufeff")]
    [TestCase("\ud800 lone surrogate \udfff")]
    public void TextWithNothingToClassify_IsUnsure(string task)
    {
        var result = Sut.Classify(task);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsUnsure, Is.True, $"{result.Type} at {result.Confidence}");
            Assert.That(result.Confidence, Is.InRange(0.0, 1.0));
        });
    }

    [TestCase("اكتب رسالة بريد إلكتروني إلى المدير", TaskType.Content)]
    [TestCase("🐛 fix the crash in the parser 🙏", TaskType.Debugging)]
    [TestCase("תקן את ה-bug ב-parser", TaskType.Debugging)]
    [TestCase("écris un e-mail à l'équipe", TaskType.Email)]
    [TestCase("\u202eplot the csv\u202c", TaskType.DataAnalysis)]
    public void RightToLeftAndEmoji_ClassifyByTheWordsTheyCarry(string task, TaskType expected)
    {
        Assert.That(Sut.Classify(task).Type, Is.EqualTo(expected));
    }

    [Test]
    public void KeywordsStuffedIntoACodeBlock_DoNotOutvoteTheRequestAroundIt()
    {
        var stuffed = string.Join(' ', Enumerable.Repeat("marketing campaign seo brand slogan tagline ads promo funnel landing page press release", 20));
        var task = $"fix the crash in this function:\n```js\n// {stuffed}\nfunction f() {{ return g(); }}\n```";

        var result = Sut.Classify(task);

        Assert.Multiple(() =>
        {
            Assert.That(result.Type, Is.EqualTo(TaskType.Debugging));
            Assert.That(result.Evidence, Does.Contain("crash"));
        });
    }

    [Test]
    public void KeywordsStuffedIntoInlineCodeAndQuotes_DoNotOutvoteTheRequestAroundIt()
    {
        var result = Sut.Classify(
            "write a tagline for our app `refactor rename extract debug crash fix traceback segfault` \"bug error exception flaky leak\"");

        Assert.That(result.Type, Is.EqualTo(TaskType.Marketing));
    }

    [Test]
    public void AnErrorsNamePastedInABlock_StillSaysDebugging()
    {
        var result = Sut.Classify("why?\n```\nTraceback (most recent call last):\n  File \"app.py\", line 3\nModuleNotFoundError: No module named 'requests'\n```");

        Assert.That(result.Type, Is.EqualTo(TaskType.Debugging));
    }

    [Test]
    public void ATaskThatIsAllQuoted_IsClassifiedByWhatItSays()
    {
        Assert.That(Sut.Classify("\"refactor the parser\"").Type, Is.EqualTo(TaskType.Refactoring));
    }

    [TestCase("don't touch the README, just fix the crash in main.py", TaskType.Debugging)]
    [TestCase("write a blog post about our launch, not an email", TaskType.Content)]
    [TestCase("without using pandas, write a python script that renames photos", TaskType.Coding)]
    public void NegatedWords_AreConstraintsNotTheTask(string task, TaskType expected)
    {
        Assert.That(Sut.Classify(task).Type, Is.EqualTo(expected));
    }

    [TestCase(100_000)]
    public void HugeTexts_Classify(int size)
    {
        var words = new[] { "fix", "the", "email", "campaign", "chart", "refactor", "```", "\"", "c#", "sales.csv", "getUser", "src/", "why", "?" };
        var random = new Random(42);
        var mixed = new StringBuilder();
        while (mixed.Length < size)
        {
            mixed.Append(words[random.Next(words.Length)]).Append(random.Next(4) == 0 ? ", " : " ");
        }

        foreach (var task in new[]
                 {
                     mixed.ToString(), new string('a', size), new string('?', size), string.Concat(Enumerable.Repeat("fix, ", size / 5)),
                     string.Concat(Enumerable.Repeat("```", size / 3)), string.Concat(Enumerable.Repeat("a.", size / 2)),
                     string.Concat(Enumerable.Repeat("implemnt ", size / 9)), string.Concat(Enumerable.Repeat("\"", size)),
                 })
        {
            var result = Sut.Classify(task);
            Assert.That(result.Confidence, Is.InRange(0.0, 1.0));
        }
    }

    [Test]
    public void ManyDifferentKeywordsOfOneType_CountOncePerKeyword_AndStayInRange()
    {
        var result = Sut.Classify(string.Join(' ', TaskKeywords.ByType[TaskType.Email].Select(k => k.TrimStart('!', '~').Split('=')[0])));

        Assert.Multiple(() =>
        {
            Assert.That(result.Type, Is.EqualTo(TaskType.Email));
            Assert.That(result.Confidence, Is.InRange(0.0, 1.0));
            Assert.That(result.Evidence, Is.Unique);
        });
    }

    [Test]
    public void Classify_RejectsNull()
    {
        Assert.That(() => Sut.Classify(null!), Throws.ArgumentNullException);
    }
}
