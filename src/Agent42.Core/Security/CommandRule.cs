using System.Text.RegularExpressions;

namespace Agent42.Core.Security;

/// <summary>One named deny rule: a pattern and the reason it refuses.</summary>
/// <param name="Name">Quoted in every refusal.</param>
/// <param name="Pattern">What the rule refuses.</param>
/// <param name="Reason">Why, in a few words.</param>
/// <param name="DroppedInSandbox">
/// The rule guards against what the OS sandbox already stops (hidden commands, inline scripts, writes outside the
/// workspace) and refuses everyday idioms on the way, so a sandboxed command skips it.
/// </param>
internal sealed record CommandRule(string Name, Regex Pattern, string Reason, bool DroppedInSandbox = false);
