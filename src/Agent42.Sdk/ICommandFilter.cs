namespace Agent42.Sdk;

/// <summary>Decides whether a shell command may run.</summary>
public interface ICommandFilter
{
    /// <summary>Checks <paramref name="command"/> against the pre-checks, the allow list (in allow-list mode) and the deny list.</summary>
    /// <param name="command">The command line as it would be passed to the shell.</param>
    /// <returns>The verdict, naming the rule that refused the command when it was refused.</returns>
    CommandCheck Check(string command);
}
