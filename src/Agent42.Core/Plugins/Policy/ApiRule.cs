namespace Agent42.Core.Plugins.Policy;

/// <summary>
/// One entry of the allow-list or deny-list. The most specific rule that matches an API decides: a member
/// rule beats a type rule, a type rule beats a namespace rule, a deeper namespace beats a shallower one.
/// </summary>
/// <param name="Kind">What <paramref name="Target"/> names.</param>
/// <param name="Target">A dotted name such as <c>System.IO</c>, <c>System.IO.File</c>, <c>System.Type.FullName</c>, or a keyword.</param>
/// <param name="Concern">Why the target is refused; <see langword="null"/> when it is allowed.</param>
/// <param name="Note">For an allowed target inside a refused one, why it is harmless.</param>
internal sealed record ApiRule(ApiRuleKind Kind, string Target, ApiConcern? Concern, string? Note = null)
{
    public bool IsAllowed => Concern is null;

    public override string ToString() => $"{(IsAllowed ? "allow" : "deny " + Concern!.Code)} {Kind} {Target}";
}
