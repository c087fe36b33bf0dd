using System.Text;
using Agent42.Core.Agent.Classification;
using Agent42.Core.Outcomes;
using Agent42.Sdk;

namespace Agent42.Tests.Core.Agent.Classification;

/// <summary>
/// Accuracy on the labelled sets, printed (overall, per type, the confusions) and held above a floor a little under
/// the measured figure, so a regression fails. Print it with
/// <c>dotnet test tests/Agent42.Tests --filter "FullyQualifiedName~TaskTypeClassifierAccuracy" --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class TaskTypeClassifierAccuracyTests
{
    private static readonly TaskTypeClassifier Sut = new();

    [TestCase("tuning.tsv", 0.95)]
    [TestCase("heldout.tsv", 0.82)]
    public void Accuracy_OnALabelledSet_StaysAboveItsFloor(string fileName, double floor)
    {
        var prompts = LabelledPrompts.Load(fileName);
        var classified = prompts.Select(p => (p.Label, p.Prompt, Result: Sut.Classify(p.Prompt))).ToList();
        var results = classified.Select(c => (c.Label, c.Prompt, Got: c.Result.Type)).ToList();
        var accuracy = (double)results.Count(r => r.Got == r.Label) / results.Count;
        var unsure = classified.Where(c => c.Result.IsUnsure).ToList();
        var sure = classified.Where(c => !c.Result.IsUnsure).ToList();

        TestContext.Out.WriteLine(Report(fileName, results, accuracy));
        TestContext.Out.WriteLine(
            $"  sure: {sure.Count(c => c.Result.Type == c.Label)}/{sure.Count} right; unsure: {unsure.Count(c => c.Result.Type == c.Label)}/{unsure.Count} right");
        Assert.That(accuracy, Is.GreaterThanOrEqualTo(floor), $"accuracy on {fileName}");
    }

    [TestCase("tuning.tsv", 20)]
    [TestCase("heldout.tsv", 10)]
    public void ASet_CoversEveryType(string fileName, int atLeast)
    {
        var counts = LabelledPrompts.Load(fileName).GroupBy(p => p.Label).ToDictionary(g => g.Key, g => g.Count());

        Assert.That(Enum.GetValues<TaskType>().Select(t => counts.GetValueOrDefault(t)), Has.All.GreaterThanOrEqualTo(atLeast));
    }

    [Test]
    public void TheHeldOutSet_SharesNoPromptWithTheTuningSet()
    {
        var tuning = LabelledPrompts.Load("tuning.tsv").Select(p => p.Prompt.ToLowerInvariant()).ToHashSet();

        Assert.That(LabelledPrompts.Load("heldout.tsv").Where(p => tuning.Contains(p.Prompt.ToLowerInvariant())), Is.Empty);
    }

    private static string Report(string fileName, List<(TaskType Label, string Prompt, TaskType Got)> results, double accuracy)
    {
        var text = new StringBuilder();
        text.AppendLine($"{fileName}: {results.Count(r => r.Got == r.Label)}/{results.Count} = {accuracy:P1}");
        foreach (var group in results.GroupBy(r => r.Label).OrderBy(g => g.Key))
        {
            var right = group.Count(r => r.Got == r.Label);
            var wrong = group.Where(r => r.Got != r.Label).GroupBy(r => r.Got).OrderByDescending(g => g.Count())
                .Select(g => $"{TaskTypeNames.WireName(g.Key)} {g.Count()}");
            text.AppendLine($"  {TaskTypeNames.WireName(group.Key),-18} {right,3}/{group.Count(),-3} {(double)right / group.Count(),6:P0}  {string.Join(", ", wrong)}");
        }

        text.AppendLine("  misclassified:");
        foreach (var (label, prompt, got) in results.Where(r => r.Got != r.Label))
        {
            text.AppendLine($"    {TaskTypeNames.WireName(label)} -> {TaskTypeNames.WireName(got)}: {prompt}");
        }

        return text.ToString();
    }
}
