namespace Agent42.Core.Routing.Learning;

/// <summary>Discounted sums of a model's per-run terms on one task type, in the units of the type's <see cref="DiscountClock"/>.</summary>
internal sealed class OutcomeSums
{
    public double Weight { get; private set; }

    public double Reward { get; private set; }

    /// <summary>The rewards' squares, for their spread (see <see cref="RewardSpread"/>).</summary>
    public double RewardSquares { get; private set; }

    public double Successes { get; private set; }

    public double Efficiency { get; private set; }

    public double Quality { get; private set; }

    public double Token { get; private set; }

    public double Critic { get; private set; }

    public double CriticWeight { get; private set; }

    public void Add(in RunTerms run, double weight)
    {
        Weight += weight;
        Reward += run.Reward * weight;
        RewardSquares += run.Reward * run.Reward * weight;
        Successes += run.Success * weight;
        Efficiency += run.Efficiency * weight;
        Quality += run.Quality * weight;
        Token += run.Token * weight;
        if (run.Critic is { } critic)
        {
            Critic += critic * weight;
            CriticWeight += weight;
        }
    }

    public void Scale(double factor)
    {
        Weight *= factor;
        Reward *= factor;
        RewardSquares *= factor;
        Successes *= factor;
        Efficiency *= factor;
        Quality *= factor;
        Token *= factor;
        Critic *= factor;
        CriticWeight *= factor;
    }

    public void CopyFrom(OutcomeSums other)
    {
        (Weight, Reward, Successes, Efficiency, Quality) = (other.Weight, other.Reward, other.Successes, other.Efficiency, other.Quality);
        (Token, Critic, CriticWeight, RewardSquares) = (other.Token, other.Critic, other.CriticWeight, other.RewardSquares);
    }

    public void Clear() => CopyFrom(Empty);

    private static readonly OutcomeSums Empty = new();
}
