using System.Text.RegularExpressions;

namespace Agent42.Core.Security;

/// <summary>One named deny rule: a pattern and the reason it refuses.</summary>
internal sealed record CommandRule(string Name, Regex Pattern, string Reason);
