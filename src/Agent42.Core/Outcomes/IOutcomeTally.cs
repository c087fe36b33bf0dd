namespace Agent42.Core.Outcomes;

/// <summary>Something kept from the outcome log line by line, such as running sums, that a follower keeps up to date.</summary>
internal interface IOutcomeTally
{
    /// <summary>Takes one more line, in log order.</summary>
    void Add(OutcomeRecord outcome);
}
