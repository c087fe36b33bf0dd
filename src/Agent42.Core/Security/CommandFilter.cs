using System.Text.RegularExpressions;
using Agent42.Core.Security.ControlFiles;
using Agent42.Sdk;

namespace Agent42.Core.Security;

/// <summary>
/// Decides whether a shell command may run: pre-checks against hidden commands, then in allow-list mode every
/// program in the pipeline must be listed and every redirection must write inside the workspace, then the deny list
/// applies in both modes. A guard, not a boundary: under the OS sandbox it only stops obvious mistakes, so the rules
/// marked <see cref="CommandRule.DroppedInSandbox"/> are skipped there.
/// </summary>
internal sealed partial class CommandFilter : ICommandFilter
{
    private readonly bool _allowListMode;
    private readonly IReadOnlySet<string> _allowed;
    private readonly IWorkspaceSandbox? _workspace;
    private readonly ControlPaths? _controlPaths;

    // Not public: only the host builds the services it hands to tools (HostServiceConstructorTests).
    internal CommandFilter(CommandFilterOptions options, IWorkspaceSandbox? workspace = null, ControlPaths? controlPaths = null)
    {
        _allowListMode = options.IsAllowListMode;
        _allowed = options.AllowedPrograms;
        _workspace = workspace;
        _controlPaths = controlPaths;
    }

    /// <summary>The full check, for a command that runs without the OS sandbox (as a plugin's would).</summary>
    public CommandCheck Check(string command) => Check(command, sandboxed: false);

    /// <summary>The check for a command that runs inside the OS sandbox when <paramref name="sandboxed"/> is true.</summary>
    public CommandCheck Check(string command, bool sandboxed)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            return CommandCheck.Deny("empty", "the command is empty");
        }

        try
        {
            if (FirstMatch(CommandRules.PreChecks, command, sandboxed) is { } pre)
            {
                return CommandCheck.Deny(pre.Name, pre.Reason);
            }

            var segments = CommandSplitter.Split(command);
            if (_allowListMode && FirstUnlistedProgram(segments) is { } program)
            {
                return CommandCheck.Deny("allowlist", $"'{program}' is not in COMMAND_ALLOWLIST");
            }

            if (FirstMatch(CommandRules.DenyList, command, sandboxed) is { } rule)
            {
                return CommandCheck.Deny(rule.Name, rule.Reason);
            }

            // After the deny list, so a redirection onto a device or system file is refused under that rule's name.
            return _allowListMode && CheckRedirections(segments) is { } refusal ? refusal : CommandCheck.Allow;
        }
        catch (RegexMatchTimeoutException)
        {
            return CommandCheck.Deny("too-complex", "the command is too complex to check");
        }
    }

    private static CommandRule? FirstMatch(IReadOnlyList<CommandRule> rules, string command, bool sandboxed) =>
        rules.FirstOrDefault(rule => !(sandboxed && rule.DroppedInSandbox) && rule.Pattern.IsMatch(command));

    private string? FirstUnlistedProgram(IReadOnlyList<string> segments)
    {
        foreach (var segment in segments)
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

    // In allow-list mode every redirection must write inside the workspace (the filter's only notion of "safe").
    private CommandCheck? CheckRedirections(IReadOnlyList<string> segments)
    {
        // A relative target of a command that changes directory could land anywhere.
        var changesDirectory = segments.Any(segment => segment.TrimStart().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault() is "cd" or "pushd" or "popd");
        foreach (var target in segments.SelectMany(CommandRedirections.Targets))
        {
            if (RefuseTarget(target, changesDirectory) is { } why)
            {
                return CommandCheck.Deny("allowlist-redirect", $"the redirection to '{target}' {why}");
            }
        }

        return null;
    }

    // Null when the target may be written: /dev/null, or a path that resolves inside the workspace and is not Agent42's.
    private string? RefuseTarget(string target, bool changesDirectory)
    {
        if (target == "/dev/null")
        {
            return null;
        }

        if (target.IndexOfAny(['$', '`', '*', '?', '[', '{', '~']) >= 0)
        {
            return "cannot be resolved before the command runs; name a plain path inside the workspace";
        }

        if (changesDirectory && !target.StartsWith('/'))
        {
            return "is relative, and the command changes directory; use a path from the workspace root";
        }

        // Without a workspace (a filter built on its own) the current directory stands in; that sandbox holds a
        // directory handle, so it is disposed here rather than leaked once per checked redirection.
        using var ownSandbox = _workspace is null ? new WorkspaceSandbox(Environment.CurrentDirectory) : null;
        var sandbox = _workspace ?? ownSandbox!;
        if (!sandbox.TryResolvePath(target, out var full, out var violation))
        {
            return $"{violation}; in allow-list mode a redirection writes inside the workspace or to /dev/null";
        }

        return _controlPaths?.RefuseWrite(full, target) is { } refusal ? $"is refused: {refusal}" : null;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*=")]
    private static partial Regex Assignment();
}
