namespace Agent42.Core.Plugins.Policy;

/// <summary>What an <see cref="ApiRule"/>'s target names, which decides what it matches.</summary>
internal enum ApiRuleKind
{
    /// <summary>The types directly in one namespace, not those in namespaces below it.</summary>
    Namespace,

    /// <summary>A namespace and every namespace below it.</summary>
    NamespaceTree,

    /// <summary>A type (generic arity ignored), its nested types and its members.</summary>
    Type,

    /// <summary>One member of a type, all overloads (a property, field, event, method or operator).</summary>
    Member,

    /// <summary>A language construct rather than an API: <c>dynamic</c>, <c>extern</c>, <c>unsafe</c>.</summary>
    Syntax,
}
