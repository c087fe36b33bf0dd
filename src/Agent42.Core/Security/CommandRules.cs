using System.Text.RegularExpressions;

namespace Agent42.Core.Security;

/// <summary>
/// The pre-checks and the deny list, in one place. Each rule has a name that refusals quote, so a user can
/// see exactly which rule stopped a command. Rules made with <c>Guard</c> apply only outside the OS sandbox, where
/// the filter is the only thing between the model and the host; the others stop obvious mistakes everywhere.
/// </summary>
internal static class CommandRules
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    // An option and, when it looks like one, its argument: a number, {} or an upper-case name (-n 19, -I {},
    // -s KILL, -u VAR). A lower-case word is the command, so `xargs -0 grep su` runs grep.
    private const string Option = @"\s+-\S+(?:\s+(?:\d\S*|\{\}|(?-i:[A-Z_][A-Z0-9_]*)))?";

    // Words that run the word after them: nice -n 19 rm, xargs -0 rm, env -i sudo, timeout 5 rm, command rm;
    // and the shell keywords a command can follow.
    private const string Runner =
        @"(?:(?:exec|xargs|env|nohup|nice|ionice|time|setsid|stdbuf|busybox|sudo|doas)(?:" + Option + ")*" +
        @"|timeout(?:" + Option + @")*\s+\S+|command|builtin|then|do|else|if|elif|while|until)\s";

    // What may stand before the command word: VAR=value assignments, its directory (/bin/rm) and a backslash
    // that bypasses aliases (\rm).
    private const string Prefix = @"\s*(?:[a-z_]\w*=\S*\s+)*(?:[^\s;&|()`]*/)?\\?";

    // A command word at the start of a line or after a separator, pipe, subshell, { group, ! or runner. A line
    // counts where the newline rule is dropped (under the sandbox), so a script's later lines are checked too.
    private const string Start = @"(?:^|[;&|(`
]|\$\(|[{!]\s|\b" + Runner + ")" + Prefix;

    // A pipe (| or |&, not ||) anywhere after the download, then the next command word: curl x | tee f | env sh.
    private const string LaterPipe = @".*(?<!\|)\|(?!\|)&?(?:\s*(?:[^\s;&|()`]*/)?" + Runner + ")*" + Prefix;

    // Where output goes: a redirect (>, >>, >|) or a file named to tee, quoted or not.
    private const string WriteTo = @"(?:>\|?|\btee\b[^;&|<>]*\s)\s*[""']?";

    private const string Shells = @"(?:ba|z|da|k|c|tc|fi|a|pw)?sh";

    /// <summary>Checks made before any rule, against ways of hiding a command from the rules.</summary>
    public static IReadOnlyList<CommandRule> PreChecks { get; } =
    [
        Rule("nul-byte", @"\x00", "a NUL byte can hide the rest of the command"),
        Guard("newline", @"[\r\n]", "newlines chain commands past the filter; send one command at a time"),
        Guard("hex-escape", @"\\x[0-9a-f]{2}", "hex escapes can hide a command from the filter"),
        // Only a $' outside quotes starts ANSI-C quoting; grep 'error$' is an ordinary pattern.
        Guard("ansi-c-quoting", @"^(?:[^'""\\]|\\.|""(?:[^""\\]|\\.)*""|'[^']*')*?\$'", "$'...' quoting can hide a command from the filter"),
        Guard("octal-escape", @"\\0?[0-7]{3}", "octal escapes can hide a command from the filter"),
        Guard("octal-ip", @"\b0[0-7]+\.[0-7]+\.[0-7]+\.[0-7]+\b|\b0x[0-9a-f]{8}\b", "octal or hex IP addresses disguise where a connection goes"),
    ];

    /// <summary>Destructive and escaping commands.</summary>
    public static IReadOnlyList<CommandRule> DenyList { get; } =
    [
        // Targets, quoted or not: /, //*, ~, ~/*, $HOME, ${HOME}/, ., ./*, .., *.
        Rule("rm-root", Start + @"rm\s+(?:[^\s;&|]+\s+)*(?:--no-preserve-root|[""']?(?:(?:/+|~/*|\$\{?HOME\}?/*|\.\.?/*)\*?|\*)[""']?(?:\s|$|[;&|)]))",
            "recursive delete of the root, home, current or parent directory"),
        // Before shell-c, so `find -exec sh -c` is refused as what it is.
        Rule("find-delete", @"\bfind\b(?:[^;&|]|\\;)*\s(?:-delete\b|-(?:exec|execdir|ok|okdir)\s+(?:\S*/)?(?:rm|shred|unlink|" + Shells + @")\b)" +
            @"|\bfind\b.*\|\s*xargs(?:" + Option + @")*\s+(?:\S*/)?(?:rm|shred|unlink)\b",
            "find deleting what it finds (-delete, -exec rm, | xargs rm); list the files first, then delete them by name"),
        Rule("mkfs", @"\bmkfs(?:\.\w+)?\b", "formats a file system"),
        Rule("dd-device", @"\bdd\b.*\bof=/dev/(?!(?:null|zero|stdout|stderr)\b)", "dd writing to a device"),
        Guard("pipe-to-shell", @"\b(?:curl|wget|fetch)\b" + LaterPipe + "(?:" + Shells + @"|python[0-9.]*|perl|ruby|node|php)\b",
            "runs a downloaded script (curl|sh, wget|sh); download it, read it, then run it"),
        Rule("privilege-escalation", Start + @"(?:sudo|sudoedit|doas|pkexec|run0|su)\b", "privilege escalation (sudo, su, doas)"),
        // After privilege-escalation, so `echo x | sudo tee /etc/hosts` is refused for the sudo.
        Rule("write-device", WriteTo + @"/dev/(?:sd|hd|vd|xvd|nvme|mmcblk|disk|mem|kmem|port)", "redirect or tee onto a raw device"),
        Guard("write-system-file", WriteTo + @"/(?:etc|boot|bin|sbin|usr|lib)/", "redirect or tee over a system file"),
        // Options before -c may be long (--norc) or take an argument (--rcfile x, -o posix).
        Guard("shell-c", @"\b" + Shells + @"\s+(?:--?[a-z][-a-z]*\s+(?:[^\s-]\S*\s+)?)*-[a-z]*c\b", "sh -c / bash -c runs a string the filter cannot see into"),
        Guard("interpreter-c", @"\b(?:python[0-9.]*|perl|ruby|node|bun|php|lua|tclsh)\s+(?:-[a-z]+\s+)*-[a-z]{0,3}[ce]\b" +
            @"|\bphp\s+(?:-[a-z]+\s+)*-r\b|\bnode\s+(?:-\S+\s+)*(?:-p|--print|--eval)\b|\bdeno\s+eval\b",
            "an interpreter running inline code (python -c, perl -e, node -e)"),
        Guard("backticks", "`", "backtick command substitution"),
        Guard("subst-network-delete", @"\$\([^)]*\b(?:curl|wget|nc|ncat|netcat|socat|ssh|scp|rsync|ftp|telnet|rm|shred|dd)\b",
            "$(...) running a network or delete command"),
        Guard("eval", Start + @"eval\b", "eval runs a string the filter cannot see into"),
        Guard("heredoc", @"<<", "here-documents feed hidden input to a command"),
        // nc's options count only up to the end of its own command, so `nc -z host 80 && ls -l` is a port probe.
        Rule("reverse-shell", @"/dev/(?:tcp|udp)/|\b(?:nc|ncat|netcat)\b[^;&|]*\s(?:-[a-z]*[el][a-z]*\b|--(?:exec|sh-exec|lua-exec|listen)\b)|\bsocat\b.*\bexec:",
            "opens a network shell"),
        Rule("power", Start + @"(?:shutdown|reboot|halt|poweroff|init\s+[06]|telinit\s+[06]|systemctl\s+(?:poweroff|reboot|halt|kexec))\b",
            "shuts down or restarts the machine"),
        Rule("fork-bomb", @":\s*\(\s*\)\s*\{.*:\s*\|\s*:|\b(\w+)\s*\(\s*\)\s*\{[^}]*\b\1\s*\|\s*\1\b", "fork bomb"),
        // -1 anywhere but the first argument is the pid "every process" (kill -9 -1, kill -- -1); as the first
        // argument it is a signal, so kill -1 1234 sends SIGHUP to one process.
        Rule("kill-all", @"\bkill\s+(?:[^\s;&|]+\s+)+-1\b|\bkillall5\b|\bpkill\s+(?:-\w+\s+)*-u\b",
            "kills every process"),
        Rule("chmod-chown-root", @"\bch(?:mod|own|grp)\s+(?:-[^\s]+\s+)*\S+\s+/(?:\s|$|\*)", "changes permissions or owner of the root directory"),
        Rule("disk-tools", @"\b(?:fdisk|sfdisk|parted|wipefs|shred\s+(?:[^\s;&|]+\s+)*/dev/)\b", "partitions or wipes disks"),
        Rule("crontab-remove", @"\bcrontab\s+(?:-[^\s]+\s+)*-r\b", "deletes the crontab"),
        Rule("history-wipe", @"\bhistory\s+-c\b", "erases shell history"),
    ];

    private static CommandRule Rule(string name, string pattern, string reason) =>
        new(name, new Regex(pattern, Options, TimeSpan.FromMilliseconds(200)), reason);

    // A rule only the unsandboxed shell needs: the OS sandbox stops what it is after, and it refuses everyday idioms
    // (python3 -c, bash -c, curl | python3 -m json.tool, here-documents, multi-line scripts) on the way.
    private static CommandRule Guard(string name, string pattern, string reason) =>
        Rule(name, pattern, reason) with { DroppedInSandbox = true };
}
