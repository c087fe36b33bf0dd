using System.CommandLine;
using Agent42.Core.Agent.Approval;

namespace Agent42.Cli;

/// <summary>The options every command takes; each overrides the environment variable it names.</summary>
internal sealed class GlobalOptions
{
    public static readonly string[] LogLevels = ["verbose", "debug", "information", "warning", "error", "fatal"];

    public Option<string?> Workspace { get; } = new("--workspace")
    {
        Description = "Directory tools work in; every tool path stays inside it [env: AGENT42_WORKSPACE, default: current directory]",
        Recursive = true,
    };

    public Option<string?> ToolsDir { get; } = new("--tools-dir")
    {
        Description = "Directory of custom tool sources [env: CUSTOM_TOOLS_DIR, default: custom_tools]",
        Recursive = true,
    };

    public Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = "Directory for Agent42's state: task queue, logs, caches [env: AGENT42_DATA_DIR, default: data]",
        Recursive = true,
    };

    public Option<string?> LogLevel { get; } = new("--log-level")
    {
        Description = "How much to log on stderr; 'debug' also shows stack traces [env: AGENT42_LOG_LEVEL, default: warning]",
        Recursive = true,
    };

    public Option<string?> Approval { get; } = new("--approval")
    {
        Description = "Tool calls that write, edit, run a command or send a request: ask first, run (auto), or refuse (read-only) [env: AGENT42_APPROVAL, default: ask in the shell, auto for run]",
        Recursive = true,
    };

    public GlobalOptions()
    {
        LogLevel.AcceptOnlyFromAmong(LogLevels);
        Approval.AcceptOnlyFromAmong(ApprovalModes.Names);
    }

    public IEnumerable<Option> All => [Workspace, ToolsDir, DataDir, LogLevel, Approval];

    /// <summary>The options given on the command line, as configuration keys (the top layer of configuration).</summary>
    public IReadOnlyDictionary<string, string?> ToConfiguration(ParseResult result) => new Dictionary<string, string?>
    {
        ["AGENT42_WORKSPACE"] = result.GetValue(Workspace),
        ["CUSTOM_TOOLS_DIR"] = result.GetValue(ToolsDir),
        ["AGENT42_DATA_DIR"] = result.GetValue(DataDir),
        ["AGENT42_LOG_LEVEL"] = result.GetValue(LogLevel),
        ["AGENT42_APPROVAL"] = result.GetValue(Approval),
    };
}
