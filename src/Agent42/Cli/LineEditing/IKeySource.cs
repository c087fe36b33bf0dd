namespace Agent42.Cli.LineEditing;

/// <summary>Where the line editor's keys come from: the terminal, or a test's script.</summary>
internal interface IKeySource
{
    /// <summary>The next key, waiting for it; null when input has ended.</summary>
    ConsoleKeyInfo? ReadKey();
}
