namespace Agent42.Cli.LineEditing;

/// <summary>
/// Keys from this process's terminal, not echoed (the editor draws them). Ctrl-C arrives as a key while a line is
/// read, so it clears the line rather than ending the process; outside the editor it interrupts as usual.
/// </summary>
internal sealed class ConsoleKeySource : IKeySource
{
    public ConsoleKeyInfo? ReadKey()
    {
        var treatControlC = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
        try
        {
            return Console.ReadKey(intercept: true);
        }
        catch (InvalidOperationException)
        {
            // Standard input stopped being a terminal (closed): the end of input.
            return null;
        }
        finally
        {
            Console.TreatControlCAsInput = treatControlC;
        }
    }
}
