using System.Text.RegularExpressions;
using Agent42.Core.Configuration;
using Agent42.Sdk;

namespace Agent42.Core.Security;

/// <summary>
/// Decides whether a shell command may run: pre-checks against hidden commands, then in allow-list mode every
/// program in the pipeline must be listed, then the deny list applies in both modes.
/// </summary>
internal sealed partial class CommandFilter : ICommandFilter
{
    private readonly bool _allowListMode;
    private readonly IReadOnlySet<string> _allowed;

    // Not public: only the host builds the services it hands to tools (HostServiceConstructorTests).
    internal CommandFilter(CommandFilterOptions options)
    {
        _allowListMode = options.IsAllowListMode;
        _allowed = options.AllowedPrograms;
    }

    public CommandCheck Check(string command)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            return CommandCheck.Deny("empty", "the command is empty");
        }

        try
        {
            if (FirstMatch(CommandRules.PreChecks, command) is { } pre)
            {
                return CommandCheck.Deny(pre.Name, pre.Reason);
            }

            if (_allowListMode && FirstUnlistedProgram(command) is { } program)
            {
                return CommandCheck.Deny("allowlist", $"'{program}' is not in COMMAND_ALLOWLIST");
            }

            return FirstMatch(CommandRules.DenyList, command) is { } rule
                ? CommandCheck.Deny(rule.Name, rule.Reason)
                : CommandCheck.Allow;
        }
        catch (RegexMatchTimeoutException)
        {
            return CommandCheck.Deny("too-complex", "the command is too complex to check");
        }
    }

    private static CommandRule? FirstMatch(IReadOnlyList<CommandRule> rules, string command) =>
        rules.FirstOrDefault(rule => rule.Pattern.IsMatch(command));

    private string? FirstUnlistedProgram(string command)
    {
        foreach (var segment in CommandSplitter.Split(command))
        {
            var words = segment.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            // Skip leading VAR=value assignments.
            var program = words.SkipWhile(w => Assignment().IsMatch(w)).FirstOrDefault();
            if (program is null)
            {
                continue;
            }

            // Quotes and brackets around the word go too: "$(git)" leaves the segment git)".
            var name = Path.GetFileName(program.Trim('(', ')', '{', '}', '"', '\''));
            if (!_allowed.Contains(name))
            {
                return name;
            }
        }

        return null;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*=")]
    private static partial Regex Assignment();
}
