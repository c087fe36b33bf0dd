namespace Agent42.Core.Plugins.Policy;

/// <summary>
/// A refusal by signature: a member of <paramref name="Scope"/> (any type when empty) that takes a parameter
/// mentioning <paramref name="ParameterType"/> (as itself, an array element or a generic argument) is refused,
/// unless a member rule allows that member by name. This closes classes of APIs the name rules cannot tell
/// apart, such as every API that takes a runtime <see cref="Type"/>, or the path overloads of a stream reader.
/// </summary>
/// <param name="Scope">The full name of the type whose members the rule covers; empty for every type.</param>
/// <param name="Member">The member's metadata name (<c>.ctor</c> for constructors), or null for every member.</param>
/// <param name="ParameterType">The full name of the parameter type that makes the member refused.</param>
/// <param name="FirstParameterOnly">Whether only the first parameter is looked at.</param>
/// <param name="Concern">Why such a member is refused.</param>
internal sealed record ApiParameterRule(string Scope, string? Member, string ParameterType, bool FirstParameterOnly, ApiConcern Concern)
{
    /// <summary>What a diagnostic calls a member refused by this rule.</summary>
    public string Describe(string member) => $"{member} with a {ParameterType} parameter";
}
