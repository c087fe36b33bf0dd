namespace Agent42.Bench.Simulation;

/// <summary>
/// One policy's run through one world: reward and regret (hidden rates, so no outcome noise), trials, tasks no model
/// answered, and, per type, the switch lags of the world's event (see <see cref="SwitchLag"/>); null without one.
/// </summary>
internal sealed record PolicyRun(
    string Policy,
    double Reward,
    double Regret,
    int Trials,
    int Unanswered,
    IReadOnlyList<(int Lag, bool Censored)>? LateAdoption,
    IReadOnlyList<(int Lag, bool Censored)>? LateFirstPick,
    IReadOnlyList<(int Lag, bool Censored)>? DegradedLeft,
    bool Repeatable);
