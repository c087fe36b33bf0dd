using System.Collections;
using Agent42.Cli;

namespace Agent42;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        var environment = Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        var console = new CliConsole(Console.Out, Console.Error, Environment.CurrentDirectory, environment, Console.In);
        return CliApp.RunAsync(args, console);
    }
}
