namespace Agent42.Core.Plugins.Isolation;

/// <summary>
/// How to start a throwaway Agent42 process that activates one compiled tool file (the hidden
/// <c>agent42 tools activate</c>) with the workspace, tools and data directories and the environment the
/// checking process has. The command line knows its own executable; the plugin pipeline only runs it.
/// </summary>
/// <param name="FileName">The executable: <c>agent42</c> itself, or the <c>dotnet</c> host.</param>
/// <param name="Arguments">Every argument, the entry assembly first when run through <c>dotnet</c>.</param>
/// <param name="WorkingDirectory">The checking process's current directory, so relative settings resolve alike.</param>
/// <param name="Environment">Variables to set (null: remove) over the inherited environment.</param>
internal sealed record ActivationCommand(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string?> Environment);
