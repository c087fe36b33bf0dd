using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Security;

/// <summary>How the shell tool's commands are checked.</summary>
internal sealed class CommandFilterOptions
{
    /// <summary>
    /// The default programs allowed in allow-list mode when <see cref="Allowlist"/> is empty: none runs another program
    /// (so no find -exec, git -c alias.x=!cmd, make --eval, xargs, env, awk system(), sed e, sort --compress-program,
    /// dotnet's build scripts, vim or less shell escapes). Adding such a program lets it run anything.
    /// </summary>
    public const string DefaultAllowlist =
        "ls,cat,head,tail,wc,grep,echo,pwd,uniq,diff,date,which,true,false,test";

    /// <summary><c>deny</c> (default): anything not on the deny list runs. <c>allow</c>: only listed programs run.</summary>
    [ConfigurationKeyName("COMMAND_FILTER_MODE")]
    [RegularExpression("(?i)^(deny|allow)$", ErrorMessage = "COMMAND_FILTER_MODE must be 'deny' or 'allow'")]
    public string Mode { get; set; } = "deny";

    /// <summary>Comma-separated programs allowed in allow-list mode.</summary>
    [ConfigurationKeyName("COMMAND_ALLOWLIST")]
    public string Allowlist { get; set; } = DefaultAllowlist;

    /// <summary>Whether allow-list mode is on.</summary>
    public bool IsAllowListMode => string.Equals(Mode, "allow", StringComparison.OrdinalIgnoreCase);

    /// <summary>The allow list as separate program names.</summary>
    public IReadOnlySet<string> AllowedPrograms =>
        (string.IsNullOrWhiteSpace(Allowlist) ? DefaultAllowlist : Allowlist)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.Ordinal);
}
