namespace Agent42.Cli;

/// <summary>
/// The one-line warning every command that runs tools prints when started as root. A warning, not a refusal: CI
/// containers run as root, and refusing would break them; the OS sandbox and the file tools' rules still apply.
/// </summary>
internal static class RootWarning
{
    public const string Text =
        "warning: agent42 is running as root, so the tools the model calls run as root too; run it as an ordinary user";

    public static Task WriteIfRootAsync(CliConsole console) =>
        console.RunsAsRoot ? console.Error.WriteLineAsync(Text) : Task.CompletedTask;
}
