using System.Text;

namespace Agent42.Tests.Support;

/// <summary>A readable line diff for approval failures: unchanged lines with a space, removed with -, added with +.</summary>
internal static class LineDiff
{
    /// <summary>Only changed lines and <paramref name="context"/> lines around them; "..." marks what is skipped.</summary>
    public static string Between(string expected, string actual, int context = 3)
    {
        var before = Lines(expected);
        var after = Lines(actual);

        // Longest common subsequence table; the surfaces compared here are a few hundred lines.
        var common = new int[before.Length + 1, after.Length + 1];
        for (var i = before.Length - 1; i >= 0; i--)
        {
            for (var j = after.Length - 1; j >= 0; j--)
            {
                common[i, j] = before[i] == after[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var edits = new List<(char Mark, string Line)>();
        int a = 0, b = 0;
        while (a < before.Length || b < after.Length)
        {
            if (a < before.Length && b < after.Length && before[a] == after[b])
            {
                edits.Add((' ', before[a++]));
                b++;
            }
            else if (a < before.Length && (b == after.Length || common[a + 1, b] >= common[a, b + 1]))
            {
                edits.Add(('-', before[a++]));
            }
            else
            {
                edits.Add(('+', after[b++]));
            }
        }

        var text = new StringBuilder();
        var skipped = false;
        for (var k = 0; k < edits.Count; k++)
        {
            var near = edits.Skip(Math.Max(0, k - context)).Take((2 * context) + 1).Any(e => e.Mark != ' ');
            if (!near)
            {
                skipped = true;
                continue;
            }

            if (skipped)
            {
                text.AppendLine("...");
                skipped = false;
            }

            text.Append(edits[k].Mark).Append(' ').AppendLine(edits[k].Line);
        }

        if (skipped)
        {
            text.AppendLine("...");
        }

        return text.ToString();
    }

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").Split('\n');
}
