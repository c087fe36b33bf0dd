using System.Globalization;

namespace Agent42.Core.Storage;

/// <summary>A degraded state of Agent42's files, as every command names it on stderr until it is fixed.</summary>
/// <param name="What">What is wrong, e.g. "the model catalog could not be read and was set aside".</param>
/// <param name="Where">The file concerned.</param>
/// <param name="Since">When it went wrong, when the files tell.</param>
/// <param name="Consequence">What Agent42 does meanwhile.</param>
/// <param name="Fix">The command or step that fixes it.</param>
internal sealed record StateProblem(string What, string Where, DateTimeOffset? Since, string Consequence, string Fix)
{
    /// <summary>One line: what, where, since when, the consequence, the fix.</summary>
    public override string ToString() =>
        $"warning: {What} ({Where}"
        + (Since is { } since ? string.Create(CultureInfo.InvariantCulture, $", since {since.UtcDateTime:yyyy-MM-dd HH:mm} UTC") : string.Empty)
        + $"); {Consequence}; fix: {Fix}";
}
