using System.Text.RegularExpressions;
using Agent42.Sdk;

namespace Agent42.Core.Agent.Classification;

/// <summary>
/// Picks a task's <see cref="TaskType"/> from its text by keywords, and says which words decided.
/// </summary>
/// <remarks>
/// <para>
/// Rule: each type scores its keywords (see <see cref="TaskKeywords"/>) found as whole words, case-insensitive,
/// each distinct keyword once, a phrase 2 and a word 1; where phrases overlap words the longest match wins
/// ("blog post" is one hit, not "blog" too). The highest score wins; a tie goes to the type earlier in
/// <see cref="TaskKeywords.Priority"/>. When nothing matches, a question (ending in <c>?</c>, or opening with a
/// question word such as "how" or "why") is <see cref="TaskType.Research"/>; anything else is
/// <see cref="TaskType.Content"/>, as text that names no code, data or plan is most likely prose to write.
/// </para>
/// <para>
/// A model could classify later: send a cheap model the task and the list of type names (the JSON names, e.g.
/// <c>data_analysis</c>), ask for one name only, parse it against the enum, and fall back to this classifier when
/// the answer is not exactly one valid name or the call fails; this one stays as the instant, offline default.
/// </para>
/// </remarks>
internal sealed class TaskTypeClassifier
{
    private static readonly HashSet<string> QuestionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "what", "why", "how", "who", "which", "when", "where", "is", "are", "can", "could", "does", "do", "should",
        "would", "will",
    };

    private static readonly IReadOnlyList<(TaskType Type, Regex Pattern)> Patterns =
        [.. TaskKeywords.Priority.Select(type => (type, Compile(TaskKeywords.ByType[type])))];

    /// <summary>Classifies a task text; never throws on any text, empty included.</summary>
    public TaskClassification Classify(string task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var best = (Type: TaskType.Content, Score: 0, Evidence: (IReadOnlyList<string>)[]);
        foreach (var (type, pattern) in Patterns)
        {
            var evidence = pattern.Matches(task)
                .Select(m => Regex.Replace(m.Value.ToLowerInvariant(), @"\s+", " "))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var score = evidence.Sum(word => word.Contains(' ', StringComparison.Ordinal) || word.Contains('-', StringComparison.Ordinal) ? 2 : 1);
            if (score > best.Score)
            {
                best = (type, score, evidence);
            }
        }

        return best.Score > 0 ? new TaskClassification(best.Type, best.Evidence) : Fallback(task.Trim());
    }

    private static TaskClassification Fallback(string task)
    {
        if (task.EndsWith('?'))
        {
            return new TaskClassification(TaskType.Research, ["?"]);
        }

        var firstWord = task.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        return QuestionWords.Contains(firstWord)
            ? new TaskClassification(TaskType.Research, [firstWord.ToLowerInvariant()])
            : new TaskClassification(TaskType.Content, []);
    }

    /// <summary>One alternation, longest keyword first so a phrase beats the word inside it; not inside a longer word.</summary>
    private static Regex Compile(IEnumerable<string> keywords)
    {
        var alternatives = keywords
            .OrderByDescending(k => k.Length)
            .Select(k => Regex.Escape(k).Replace(@"\ ", @"\s+", StringComparison.Ordinal));
        return new Regex($@"(?<![\w#-])(?:{string.Join('|', alternatives)})(?![\w#-])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }
}
