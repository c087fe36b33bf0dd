namespace Agent42.Core.Routing.Learning;

/// <summary>The prior of a model's posterior on a task type: its mean, how many outcomes it is worth, and where it came from.</summary>
/// <param name="Mean">The prior's mean, 0..1.</param>
/// <param name="Weight">How many pseudo-outcomes it is worth.</param>
/// <param name="Source"><see cref="Research"/>, <see cref="Related"/> (with the group), <see cref="AllTypes"/> or <see cref="None"/>.</param>
internal readonly record struct RankPrior(double Mean, double Weight, string Source)
{
    /// <summary>The score from <c>model_research.json</c>.</summary>
    public const string Research = "research";

    /// <summary>The model's record on the other task types of the group (see <see cref="TaskTypeGroups"/>, <see cref="TypeAlikeness"/>), held in doubt (see <see cref="PriorDoubt"/>).</summary>
    public static string Related(string group) => group switch
    {
        // The groups' texts once each: a decision gives a prior to every eligible model.
        "code" => RelatedCode,
        "writing" => RelatedWriting,
        "analysis" => RelatedAnalysis,
        "planning" => RelatedPlanning,
        _ => $"related types ({group})",
    };

    private const string RelatedCode = "related types (code)";
    private const string RelatedWriting = "related types (writing)";
    private const string RelatedAnalysis = "related types (analysis)";
    private const string RelatedPlanning = "related types (planning)";

    /// <summary>The model's record on every other task type, each weighed by how alike it is (see <see cref="TypeAlikeness"/>).</summary>
    public const string AllTypes = "all other types";

    /// <summary>Nothing known: 0.5.</summary>
    public const string None = "none";
}
