using System.Text;

namespace Agent42.Core.Models.Research;

/// <summary>A minimal RFC 4180 reader: a header row, quoted fields with commas, newlines and doubled quotes.</summary>
internal static class CsvTable
{
    /// <summary>The rows after the header, each as a header-to-field map (header names lower-cased and trimmed).</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Read(string text)
    {
        var records = Records(text).Where(r => r.Count > 1 || r[0].Length > 0).ToList();
        if (records.Count == 0)
        {
            return [];
        }

        var header = records[0].Select(h => h.Trim().ToLowerInvariant()).ToArray();
        return records.Skip(1)
            .Select(record => (IReadOnlyDictionary<string, string>)header
                .Select((name, i) => (name, value: i < record.Count ? record[i] : string.Empty))
                .GroupBy(p => p.name, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().value, StringComparer.Ordinal))
            .ToList();
    }

    private static IEnumerable<List<string>> Records(string text)
    {
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                record.Add(field.ToString());
                field.Clear();
                yield return record;
                record = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            yield return record;
        }
    }
}
