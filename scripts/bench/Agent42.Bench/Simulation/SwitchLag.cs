namespace Agent42.Bench.Simulation;

/// <summary>
/// How long a policy took to switch, per task type, after an event (a better model listed, an incumbent degraded):
/// the type's tasks after the event are numbered from 0, each marked whether the target model answered it. The lag is
/// the number of the type's tasks before the first window of <see cref="Window"/> consecutive ones in which the target
/// answered at least <see cref="Adopted"/> (adoption) or at most <see cref="Left"/> (leaving). A type whose run ends
/// before such a window is censored: its lag is all its tasks after the event, and it is counted as censored. Leaving
/// is measured only on the types where the policy was on the incumbent when it degraded (<see cref="OnTarget"/>): a
/// policy that never adopted it has nothing to leave.
/// </summary>
internal static class SwitchLag
{
    public const int Window = 10;
    public const int Adopted = 8;
    public const int Left = 2;

    public static (int Lag, bool Censored) Adoption(IReadOnlyList<bool> targetAnswered) => First(targetAnswered, count => count >= Adopted);

    public static (int Lag, bool Censored) Leaving(IReadOnlyList<bool> targetAnswered) => First(targetAnswered, count => count <= Left);

    /// <summary>Whether the target answered at least <see cref="Adopted"/> of the last <see cref="Window"/> of the type's tasks before the event.</summary>
    public static bool OnTarget(IReadOnlyList<bool> beforeEvent) => beforeEvent.Count >= Window && beforeEvent.Skip(beforeEvent.Count - Window).Count(b => b) >= Adopted;

    /// <summary>The type's tasks after the event until the target first answered one; censored if it never did.</summary>
    public static (int Lag, bool Censored) FirstPick(IReadOnlyList<bool> targetAnswered)
    {
        for (var i = 0; i < targetAnswered.Count; i++)
        {
            if (targetAnswered[i])
            {
                return (i, false);
            }
        }

        return (targetAnswered.Count, true);
    }

    private static (int Lag, bool Censored) First(IReadOnlyList<bool> marks, Func<int, bool> switched)
    {
        var count = 0;
        for (var i = 0; i < marks.Count; i++)
        {
            count += marks[i] ? 1 : 0;
            if (i >= Window)
            {
                count -= marks[i - Window] ? 1 : 0;
            }

            if (i >= Window - 1 && switched(count))
            {
                return (i - Window + 1, false);
            }
        }

        return (marks.Count, true);
    }
}
