namespace Agent42.Cli.Rendering;

/// <summary>The SGR sequences the markdown printer uses; written by Agent42 only, never taken from model text.</summary>
internal static class AnsiStyle
{
    public const string Reset = "\u001b[0m";
    public const string Bold = "\u001b[1m";
    public const string Dim = "\u001b[2m";
    public const string Italic = "\u001b[3m";
    public const string Underline = "\u001b[4m";
    public const string Cyan = "\u001b[36m";
    public const string Yellow = "\u001b[33m";
    public const string Magenta = "\u001b[35m";
    public const string Blue = "\u001b[34m";
    public const string Green = "\u001b[32m";
}
