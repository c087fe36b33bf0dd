namespace Agent42.Core.Plugins.Policy;

/// <summary>
/// The rules of <see cref="ApiPolicyRules"/>, indexed: answers whether an API is allowed and, if not, why.
/// Holds only strings, so it can live in a static.
/// </summary>
internal sealed class ApiRuleSet
{
    private readonly Dictionary<string, ApiRule> _typesAndMembers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ApiRule> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ApiRule> _trees = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ApiRule> _syntax = new(StringComparer.Ordinal);
    private readonly HashSet<string> _allowedAncestors = new(StringComparer.Ordinal);
    private readonly HashSet<string> _compilerEmitted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _compilerEmittedAncestors = new(StringComparer.Ordinal);
    private readonly ApiParameterRule[] _parameterRules;

    public ApiRuleSet(IEnumerable<ApiRule> rules, IEnumerable<string> compilerEmitted, IEnumerable<ApiParameterRule>? parameterRules = null)
    {
        _parameterRules = parameterRules?.ToArray() ?? [];
        foreach (var rule in rules)
        {
            var index = rule.Kind switch
            {
                ApiRuleKind.Namespace => _namespaces,
                ApiRuleKind.NamespaceTree => _trees,
                ApiRuleKind.Syntax => _syntax,
                _ => _typesAndMembers,
            };
            if (!index.TryAdd(rule.Target, rule))
            {
                throw new InvalidOperationException($"Two API rules target {rule.Kind} {rule.Target}.");
            }

            if (rule.IsAllowed)
            {
                AddAncestors(_allowedAncestors, rule.Target);
            }
        }

        foreach (var target in compilerEmitted)
        {
            _compilerEmitted.Add(target);
            AddAncestors(_compilerEmittedAncestors, target);
        }
    }

    /// <summary>The most specific rule matching <paramref name="name"/>, or <see langword="null"/> when none does.</summary>
    public ApiRule? Match(ApiName name)
    {
        if (name.Member is not null && _typesAndMembers.TryGetValue(name.TypeName + "." + name.Member, out var member))
        {
            return member;
        }

        for (var depth = name.Types.Count; depth > 0; depth--)
        {
            if (_typesAndMembers.TryGetValue(name.Join(depth), out var type))
            {
                return type;
            }
        }

        if (_namespaces.TryGetValue(name.Namespace, out var exact))
        {
            return exact;
        }

        for (var ns = name.Namespace; ns.Length > 0; ns = Parent(ns))
        {
            if (_trees.TryGetValue(ns, out var tree))
            {
                return tree;
            }
        }

        return null;
    }

    /// <summary>
    /// Why a use of <paramref name="name"/> is refused, or <see langword="null"/> when it is allowed. Naming a
    /// refused type is allowed when some of its members are (<c>System.Type</c> for <c>typeof(T).FullName</c>).
    /// </summary>
    /// <param name="name">A type (no member) or a member.</param>
    /// <param name="inCompiledImage">
    /// The name comes from the compiled image, where the compiler's own helpers (<see cref="ApiPolicyRules.CompilerEmitted"/>) are accepted.
    /// </param>
    public ApiConcern? Check(ApiName name, bool inCompiledImage = false)
    {
        var rule = Match(name);
        if (rule is { IsAllowed: true })
        {
            return null;
        }

        var key = name.Member is null ? name.TypeName : name.TypeName + "." + name.Member;
        if (inCompiledImage && (_compilerEmitted.Contains(key) || _compilerEmitted.Contains(name.TypeName)))
        {
            return null;
        }

        if (name.Member is null && HasAllowedDescendant(name.TypeName, inCompiledImage))
        {
            return null;
        }

        return rule?.Concern ?? ApiPolicyRules.NotAllowed;
    }

    /// <summary>
    /// Why a call of <paramref name="member"/> is refused by its signature (see <see cref="ApiParameterRule"/>),
    /// with what a diagnostic calls it, or <see langword="null"/> when no parameter rule refuses it.
    /// </summary>
    /// <param name="member">The member (its original definition: generic parameters stay parameters).</param>
    /// <param name="parameters">For each parameter, the full names of the types it mentions.</param>
    /// <param name="inCompiledImage">The member comes from the compiled image, where the compiler's own helpers are accepted.</param>
    public (string What, ApiConcern Concern)? CheckParameters(ApiName member, IReadOnlyList<IReadOnlyCollection<string>> parameters, bool inCompiledImage = false)
    {
        if (member.Member is null || parameters.Count == 0
            || _typesAndMembers.TryGetValue(member.TypeName + "." + member.Member, out var named) && named.IsAllowed
            || inCompiledImage && _compilerEmitted.Contains(member.TypeName + "." + member.Member))
        {
            return null;
        }

        foreach (var rule in _parameterRules)
        {
            if ((rule.Scope.Length == 0 || rule.Scope == member.TypeName) && (rule.Member is null || rule.Member == member.Member)
                && parameters.Take(rule.FirstParameterOnly ? 1 : parameters.Count).Any(p => p.Contains(rule.ParameterType)))
            {
                return (rule.Describe(member.Display), rule.Concern);
            }
        }

        return null;
    }

    /// <summary>Why a <c>using</c> of a namespace is refused: only when nothing in or below it is allowed.</summary>
    public ApiConcern? CheckNamespace(string ns)
    {
        var rule = _namespaces.GetValueOrDefault(ns);
        for (var n = ns; rule is null && n.Length > 0; n = Parent(n))
        {
            rule = _trees.GetValueOrDefault(n);
        }

        return rule is { IsAllowed: true } || HasAllowedDescendant(ns, inCompiledImage: false)
            ? null
            : rule?.Concern ?? ApiPolicyRules.NotAllowed;
    }

    /// <summary>Whether some rule names <paramref name="ns"/> as a namespace.</summary>
    public bool NamesNamespace(string ns) => _namespaces.ContainsKey(ns) || _trees.ContainsKey(ns);

    /// <summary>The concern of a refused language construct (<c>dynamic</c>, <c>extern</c>, <c>unsafe</c>).</summary>
    public ApiConcern Syntax(string keyword) =>
        _syntax.TryGetValue(keyword, out var rule) && rule.Concern is { } concern
            ? concern
            : throw new ArgumentException($"No syntax rule for '{keyword}'.", nameof(keyword));

    private bool HasAllowedDescendant(string name, bool inCompiledImage) =>
        _allowedAncestors.Contains(name) || (inCompiledImage && _compilerEmittedAncestors.Contains(name));

    private static void AddAncestors(HashSet<string> set, string target)
    {
        for (var name = Parent(target); name.Length > 0; name = Parent(name))
        {
            set.Add(name);
        }
    }

    private static string Parent(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot < 0 ? string.Empty : name[..dot];
    }
}
