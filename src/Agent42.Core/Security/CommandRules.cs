using System.Text.RegularExpressions;

namespace Agent42.Core.Security;

/// <summary>
/// The pre-checks and the deny list, in one place. Each rule has a name that refusals quote, so a user can
/// see exactly which rule stopped a command.
/// </summary>
internal static class CommandRules
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    // A command word at the start of the line or after a separator, pipe, subshell or `sudo`-like prefix,
    // after any VAR=value assignments, and with or without its directory (/bin/rm).
    private const string Start = @"(?:^|[;&|(`]|\$\(|\b(?:exec|xargs|env|nohup|time|then|do)\s+)\s*(?:[a-z_]\w*=\S*\s+)*(?:[^\s;&|()`]*/)?";
    private const string Shells = @"(?:ba|z|da|k|c|tc|fi|a)?sh";

    /// <summary>Checks made before any rule, against ways of hiding a command from the rules.</summary>
    public static IReadOnlyList<CommandRule> PreChecks { get; } =
    [
        Rule("nul-byte", @"\x00", "a NUL byte can hide the rest of the command"),
        Rule("newline", @"[\r\n]", "newlines chain commands past the filter; send one command at a time"),
        Rule("hex-escape", @"\\x[0-9a-f]{2}", "hex escapes can hide a command from the filter"),
        // Only a $' outside quotes starts ANSI-C quoting; grep 'error$' is an ordinary pattern.
        Rule("ansi-c-quoting", @"^(?:[^'""\\]|\\.|""(?:[^""\\]|\\.)*""|'[^']*')*?\$'", "$'...' quoting can hide a command from the filter"),
        Rule("octal-escape", @"\\0?[0-7]{3}", "octal escapes can hide a command from the filter"),
        Rule("octal-ip", @"\b0[0-7]+\.[0-7]+\.[0-7]+\.[0-7]+\b|\b0x[0-9a-f]{8}\b", "octal or hex IP addresses disguise where a connection goes"),
    ];

    /// <summary>Destructive and escaping commands.</summary>
    public static IReadOnlyList<CommandRule> DenyList { get; } =
    [
        Rule("rm-root", Start + @"rm\s+(?:[^\s;&|]+\s+)*(?:--no-preserve-root|(?:/|/\*|~/?|\$HOME/?|\.\.?/?|\*)(?:\s|$|[;&|)]))",
            "recursive delete of the root, home, current or parent directory"),
        Rule("mkfs", @"\bmkfs(?:\.\w+)?\b", "formats a file system"),
        Rule("dd-device", @"\bdd\b.*\bof=/dev/(?!(?:null|zero|stdout|stderr)\b)", "dd writing to a device"),
        Rule("write-device", @">\s*/dev/(?:sd|hd|vd|xvd|nvme|mmcblk|disk|mem|kmem|port)", "redirect onto a raw device"),
        Rule("write-system-file", @">\s*/(?:etc|boot|bin|sbin|usr|lib)/", "redirect over a system file"),
        Rule("pipe-to-shell", @"\b(?:curl|wget|fetch)\b[^|]*\|\s*(?:sudo\s+)?(?:\S*/)?(?:" + Shells + @"|python[0-9.]*|perl|ruby|node|php)\b",
            "runs a downloaded script (curl|sh, wget|sh); download it, read it, then run it"),
        Rule("privilege-escalation", Start + @"(?:sudo|doas|pkexec|su)\b", "privilege escalation (sudo, su, doas)"),
        Rule("shell-c", @"\b" + Shells + @"\s+(?:-[a-z]+\s+)*-[a-z]*c\b", "sh -c / bash -c runs a string the filter cannot see into"),
        Rule("interpreter-c", @"\b(?:python[0-9.]*|perl|ruby|node|php|lua|tclsh)\s+(?:-[a-z]+\s+)*-(?:[a-z]{0,3}[ce]|r)\b",
            "an interpreter running inline code (python -c, perl -e, node -e)"),
        Rule("backticks", "`", "backtick command substitution"),
        Rule("subst-network-delete", @"\$\([^)]*\b(?:curl|wget|nc|ncat|netcat|socat|ssh|scp|rsync|ftp|telnet|rm|shred|dd)\b",
            "$(...) running a network or delete command"),
        Rule("eval", Start + @"eval\b", "eval runs a string the filter cannot see into"),
        Rule("heredoc", @"<<", "here-documents feed hidden input to a command"),
        Rule("reverse-shell", @"/dev/(?:tcp|udp)/|\b(?:nc|ncat|netcat)\b.*\s-[a-z]*[el]\b|\bsocat\b.*\bexec:",
            "opens a network shell"),
        Rule("power", Start + @"(?:shutdown|reboot|halt|poweroff|init\s+[06]|telinit\s+[06]|systemctl\s+(?:poweroff|reboot|halt|kexec))\b",
            "shuts down or restarts the machine"),
        Rule("fork-bomb", @":\s*\(\s*\)\s*\{.*:\s*\|\s*:|\b(\w+)\s*\(\s*\)\s*\{[^}]*\b\1\s*\|\s*\1\b", "fork bomb"),
        Rule("kill-all", @"\bkill\s+(?:-\w+\s+)*-1\b|\bkillall5\b|\bpkill\s+(?:-\w+\s+)*-u\b", "kills every process"),
        Rule("chmod-chown-root", @"\bch(?:mod|own|grp)\s+(?:-[^\s]+\s+)*\S+\s+/(?:\s|$|\*)", "changes permissions or owner of the root directory"),
        Rule("disk-tools", @"\b(?:fdisk|sfdisk|parted|wipefs|shred\s+(?:[^\s;&|]+\s+)*/dev/)\b", "partitions or wipes disks"),
        Rule("crontab-remove", @"\bcrontab\s+(?:-[^\s]+\s+)*-r\b", "deletes the crontab"),
        Rule("history-wipe", @"\bhistory\s+-c\b", "erases shell history"),
    ];

    private static CommandRule Rule(string name, string pattern, string reason) =>
        new(name, new Regex(pattern, Options, TimeSpan.FromMilliseconds(200)), reason);
}
