using Agent42.Core.Outcomes;
using Agent42.Sdk;

namespace Agent42.Tests.Core.Agent.Classification;

/// <summary>The labelled prompt sets under <c>Fixtures/classification</c> (see its README.md for the labelling rules).</summary>
internal static class LabelledPrompts
{
    public static string Directory => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "classification");

    /// <summary>A <c>label&lt;TAB&gt;prompt</c> file; a label that is not a task type's wire name fails the load.</summary>
    public static IReadOnlyList<(TaskType Label, string Prompt)> Load(string fileName) =>
        [.. Lines(fileName).Select(line =>
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 0 || !TaskTypeNames.TryParse(line[..tab], out var label))
            {
                throw new InvalidDataException($"{fileName}: not 'label<TAB>prompt' with a task type's wire name: {line}");
            }

            return (label, line[(tab + 1)..]);
        })];

    /// <summary>The non-comment, non-blank lines of a fixture file.</summary>
    public static IReadOnlyList<string> Lines(string fileName) =>
        [.. File.ReadAllLines(Path.Combine(Directory, fileName)).Where(l => l.Trim().Length > 0 && !l.StartsWith('#'))];
}
