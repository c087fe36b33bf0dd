using Microsoft.Extensions.Logging;

namespace Agent42.Core.Storage;

/// <summary>
/// The report of every degraded state of Agent42's files, gathered from each store's <see cref="IStateCheck"/>. A check
/// that fails is itself reported, so one broken store cannot hide the others or stop the command.
/// </summary>
internal sealed partial class StateHealth(IEnumerable<IStateCheck> checks, ILogger<StateHealth> logger)
{
    public IReadOnlyList<StateProblem> Check()
    {
        var problems = new List<StateProblem>();
        foreach (var check in checks)
        {
            try
            {
                problems.AddRange(check.Check());
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogCheckFailed(logger, check.GetType().Name, ex.Message);
                problems.Add(new StateProblem("a state file could not be examined", ex.Message, null,
                    "the commands that use it may fail", "check the data directory's permissions"));
            }
        }

        return problems;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "State check {Check} failed: {Problem}")]
    private static partial void LogCheckFailed(ILogger logger, string check, string problem);
}
