using Agent42.Core.Plugins.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Agent42.Core.Plugins.Policy;

/// <summary>
/// Walks every node of one syntax tree and asks the semantic model what it refers to, so a refused API is
/// found however it is spelled (aliases, <c>using static</c>, full names, type arguments, attributes, lambdas,
/// <c>var</c>), and reported where it is written.
/// </summary>
internal sealed class ApiPolicyWalker
{
    private readonly SemanticModel _model;
    private readonly ApiRuleSet _rules;
    private readonly IAssemblySymbol _own;
    private readonly Dictionary<ISymbol, Finding[]> _verdicts = new(SymbolEqualityComparer.Default);
    private readonly List<Occurrence> _occurrences = [];

    private ApiPolicyWalker(SemanticModel model, ApiRuleSet rules)
    {
        _model = model;
        _rules = rules;
        _own = model.Compilation.Assembly;
    }

    public static IEnumerable<PluginDiagnostic> Check(SemanticModel model, ApiRuleSet rules, string fallbackPath, CancellationToken cancellationToken)
    {
        var walker = new ApiPolicyWalker(model, rules);
        var root = model.SyntaxTree.GetRoot(cancellationToken);
        foreach (var node in root.DescendantNodesAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            walker.Visit(node);
        }

        // __arglist, in a parameter list or a call, is a keyword token rather than a node of its own.
        foreach (var token in root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.ArgListKeyword)))
        {
            walker.AddKeyword(token, "__arglist");
        }

        return walker.Report(fallbackPath);
    }

    private void Visit(SyntaxNode node)
    {
        switch (node)
        {
            case UsingDirectiveSyntax { Alias: null, StaticKeyword.RawKind: 0, NamespaceOrType: { } name }:
                // using N; is refused only when nothing in N is allowed. Types named through using static or an
                // alias are checked like any other name below.
                if (_model.GetSymbolInfo(name).Symbol is INamespaceSymbol ns && _rules.CheckNamespace(NamespaceName(ns)) is { } concern)
                {
                    Add(name, name.Span, new Finding(NamespaceName(ns), concern), viaTypeArgument: false);
                }

                return;
            case ExternAliasDirectiveSyntax alias:
                AddKeyword(alias.ExternKeyword, "extern");
                return;
            case DestructorDeclarationSyntax finalizer:
                Add(finalizer, finalizer.TildeToken.Span, new Finding(ApiPolicyRules.FinalizerName, ApiPolicyRules.Detached), viaTypeArgument: false);
                return;
            case MethodDeclarationSyntax method:
                CheckModifiers(method.Modifiers);
                CheckAsyncVoid(method.Modifiers, method.ReturnType);
                return;
            case MemberDeclarationSyntax member:
                CheckModifiers(member.Modifiers);
                return;
            case LocalFunctionStatementSyntax local:
                CheckModifiers(local.Modifiers);
                CheckAsyncVoid(local.Modifiers, local.ReturnType);
                return;
            case AnonymousFunctionExpressionSyntax { AsyncKeyword.RawKind: (int)SyntaxKind.AsyncKeyword } lambda
                when _model.GetSymbolInfo(lambda).Symbol is IMethodSymbol { ReturnsVoid: true }:
                AddAsyncVoid(lambda.AsyncKeyword);
                break;
            case UnsafeStatementSyntax unsafeBlock:
                AddKeyword(unsafeBlock.UnsafeKeyword, "unsafe");
                return;
            case FixedStatementSyntax fixedBlock:
                AddKeyword(fixedBlock.FixedKeyword, "unsafe");
                return;
            case PointerTypeSyntax or FunctionPointerTypeSyntax or MakeRefExpressionSyntax or RefTypeExpressionSyntax or RefValueExpressionSyntax:
                Add(node, node.Span, new Finding("unsafe code (" + node + ")", _rules.Syntax("unsafe")), viaTypeArgument: false);
                return;
            case CommonForEachStatementSyntax loop:
                var info = _model.GetForEachStatementInfo(loop);
                CheckSymbols(loop.Expression, loop.Expression.Span, info.GetEnumeratorMethod, info.MoveNextMethod, info.CurrentProperty, info.DisposeMethod);
                return;
            case InitializerExpressionSyntax { RawKind: (int)SyntaxKind.CollectionInitializerExpression } initializer:
                foreach (var element in initializer.Expressions)
                {
                    CheckSymbols(element, element.Span, _model.GetCollectionInitializerSymbolInfo(element).Symbol);
                }

                break;
            case AwaitExpressionSyntax awaited:
                var awaitInfo = _model.GetAwaitExpressionInfo(awaited);
                CheckSymbols(awaited, awaited.Span, awaitInfo.GetAwaiterMethod, awaitInfo.IsCompletedProperty, awaitInfo.GetResultMethod);
                break;
        }

        if (node is ExpressionSyntax or AttributeSyntax or ConstructorInitializerSyntax or PrimaryConstructorBaseTypeSyntax)
        {
            var symbolInfo = _model.GetSymbolInfo(node);
            var symbol = symbolInfo.Symbol ?? symbolInfo.CandidateSymbols.FirstOrDefault();
            CheckSymbols(node, NameSpan(node), symbol);
            // An attribute's name binds to its constructor too; attributes are exempt from the signature rules.
            if (!node.AncestorsAndSelf().Any(a => a is AttributeSyntax))
            {
                CheckSignature(node, symbol);
            }
        }
    }

    /// <summary>
    /// The refusals by signature (<see cref="ApiRuleSet.CheckParameters"/>): a call, construction or method group
    /// of a member taking a refused parameter type, and an assignment to a property of such a type. Attributes
    /// are exempt: their arguments are constants the walk has already checked.
    /// </summary>
    private void CheckSignature(SyntaxNode node, ISymbol? symbol)
    {
        IReadOnlyList<IReadOnlyCollection<string>> parameters;
        ISymbol member;
        switch (symbol)
        {
            case IMethodSymbol method:
                var definition = (method.ReducedFrom ?? method).OriginalDefinition;
                member = definition;
                parameters = [.. definition.Parameters.Select(p => TypeNames(p.Type))];
                break;
            case IPropertySymbol property when node.Parent is AssignmentExpressionSyntax assignment && assignment.Left == node:
                var original = property.OriginalDefinition;
                member = original;
                parameters = [.. original.Parameters.Select(p => TypeNames(p.Type)), TypeNames(original.Type)];
                break;
            default:
                return;
        }

        // A member refused by name is reported by name; the signature matters only for members otherwise allowed.
        if (member.ContainingType is { } type && !IsOwn(type) && _rules.Check(NameOf(member)) is null
            && _rules.CheckParameters(NameOf(member), parameters) is { } refused)
        {
            Add(node, NameSpan(node), new Finding(refused.What, refused.Concern), viaTypeArgument: false);
        }
    }

    /// <summary>The full names of the types <paramref name="type"/> mentions: itself, array elements, type arguments.</summary>
    private static HashSet<string> TypeNames(ITypeSymbol type)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        void Collect(ITypeSymbol t)
        {
            switch (t)
            {
                case IArrayTypeSymbol array:
                    Collect(array.ElementType);
                    break;
                case IPointerTypeSymbol pointer:
                    Collect(pointer.PointedAtType);
                    break;
                case INamedTypeSymbol named:
                    names.Add(NameOf(named.OriginalDefinition).TypeName);
                    foreach (var argument in named.TypeArguments)
                    {
                        Collect(argument);
                    }

                    break;
            }
        }

        Collect(type);
        return names;
    }

    private void CheckAsyncVoid(SyntaxTokenList modifiers, TypeSyntax returnType)
    {
        var async = modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.AsyncKeyword));
        if (async.IsKind(SyntaxKind.AsyncKeyword) && returnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword })
        {
            AddAsyncVoid(async);
        }
    }

    private void AddAsyncVoid(SyntaxToken async) =>
        _occurrences.Add(new Occurrence(new Finding(ApiPolicyRules.AsyncVoidName, ApiPolicyRules.Detached), async.GetLocation(), async.Span, async.Span, false, _occurrences.Count));

    /// <summary>The part of a node that names what it uses, not its arguments.</summary>
    private static TextSpan NameSpan(SyntaxNode node) => node switch
    {
        InvocationExpressionSyntax invocation => invocation.Expression.Span,
        ObjectCreationExpressionSyntax creation => creation.Type.Span,
        ImplicitObjectCreationExpressionSyntax creation => creation.NewKeyword.Span,
        AttributeSyntax attribute => attribute.Name.Span,
        ElementAccessExpressionSyntax access => access.Expression.Span,
        _ => node.Span,
    };

    private void CheckModifiers(SyntaxTokenList modifiers)
    {
        foreach (var modifier in modifiers)
        {
            if (modifier.IsKind(SyntaxKind.ExternKeyword))
            {
                AddKeyword(modifier, "extern");
            }
            else if (modifier.IsKind(SyntaxKind.UnsafeKeyword))
            {
                AddKeyword(modifier, "unsafe");
            }
        }
    }

    private void AddKeyword(SyntaxToken keyword, string rule) =>
        _occurrences.Add(new Occurrence(new Finding(rule, _rules.Syntax(rule)), keyword.GetLocation(), keyword.Span, keyword.Span, false, _occurrences.Count));

    private void CheckSymbols(SyntaxNode node, TextSpan nameSpan, params ISymbol?[] symbols)
    {
        foreach (var symbol in symbols)
        {
            if (symbol is null)
            {
                continue;
            }

            foreach (var finding in Evaluate(symbol))
            {
                Add(node, nameSpan, finding, finding.ViaTypeArgument);
            }
        }
    }

    private void Add(SyntaxNode node, TextSpan nameSpan, Finding finding, bool viaTypeArgument) =>
        _occurrences.Add(new Occurrence(finding, node.GetLocation(), node.Span, nameSpan, viaTypeArgument, _occurrences.Count));

    private Finding[] Evaluate(ISymbol symbol)
    {
        if (!_verdicts.TryGetValue(symbol, out var findings))
        {
            var found = new List<Finding>();
            Collect(symbol, found, viaTypeArgument: false);
            findings = found.Count == 0 ? [] : [.. found];
            _verdicts[symbol] = findings;
        }

        return findings;
    }

    private void Collect(ISymbol symbol, List<Finding> found, bool viaTypeArgument)
    {
        switch (symbol)
        {
            case IAliasSymbol alias:
                Collect(alias.Target, found, viaTypeArgument);
                break;
            case ITypeSymbol type:
                CollectType(type, found, viaTypeArgument);
                break;
            case IMethodSymbol method:
                var definition = method.ReducedFrom ?? method;
                CollectMember(definition, found);
                foreach (var argument in method.TypeArguments)
                {
                    CollectType(argument, found, viaTypeArgument: true);
                }

                break;
            case IPropertySymbol or IFieldSymbol or IEventSymbol:
                CollectMember(symbol, found);
                break;

            // Locals, parameters, labels, range variables and namespaces: their types are checked where they are written.
        }
    }

    private void CollectMember(ISymbol member, List<Finding> found)
    {
        if (member.ContainingType is not { } type)
        {
            return;
        }

        CollectTypeArguments(type, found);
        if (IsOwn(type))
        {
            return;
        }

        var name = NameOf(member.OriginalDefinition);
        if (_rules.Check(name) is { } concern)
        {
            found.Add(new Finding(name.Display, concern));
        }
    }

    private void CollectType(ITypeSymbol type, List<Finding> found, bool viaTypeArgument)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                CollectType(array.ElementType, found, viaTypeArgument);
                break;
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                found.Add(new Finding("unsafe code (" + type.ToDisplayString() + ")", _rules.Syntax("unsafe"), viaTypeArgument));
                break;
            case { TypeKind: TypeKind.Dynamic }:
                found.Add(new Finding("dynamic", _rules.Syntax("dynamic"), viaTypeArgument));
                break;
            case INamedTypeSymbol named when named.TypeKind != TypeKind.Error:
                CollectTypeArguments(named, found);
                if (!IsOwn(named) && _rules.Check(NameOf(named.OriginalDefinition)) is { } concern)
                {
                    found.Add(new Finding(NameOf(named.OriginalDefinition).Display, concern, viaTypeArgument));
                }

                break;
        }
    }

    private void CollectTypeArguments(INamedTypeSymbol type, List<Finding> found)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            foreach (var argument in t.TypeArguments)
            {
                CollectType(argument, found, viaTypeArgument: true);
            }
        }
    }

    private bool IsOwn(ISymbol symbol) => SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, _own);

    private static ApiName NameOf(ISymbol symbol)
    {
        var type = symbol as INamedTypeSymbol ?? symbol.ContainingType;
        var types = new List<string>();
        for (var t = type; t is not null; t = t.ContainingType)
        {
            types.Insert(0, t.Name);
        }

        var ns = type is null ? symbol.ContainingNamespace : OutermostType(type).ContainingNamespace;
        var member = symbol is INamedTypeSymbol ? null : ApiName.StripAccessor(symbol.MetadataName);
        return new ApiName(NamespaceName(ns), types, member);
    }

    private static INamedTypeSymbol OutermostType(INamedTypeSymbol type)
    {
        while (type.ContainingType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    private static string NamespaceName(INamespaceSymbol? ns) => ns is null or { IsGlobalNamespace: true } ? string.Empty : ns.ToDisplayString();

    /// <summary>
    /// One report per use: an occurrence found through a type argument gives way to the same API written
    /// inside it, and an occurrence inside the name of an outer one that reports the same API (or a member of
    /// it) gives way to the outer one, so <c>System.IO.File.ReadAllText(...)</c> is one report at <c>System</c>.
    /// </summary>
    private IEnumerable<PluginDiagnostic> Report(string fallbackPath)
    {
        var kept = _occurrences
            .Where(o => !(o.ViaTypeArgument && _occurrences.Any(inner => !inner.ViaTypeArgument && inner.Finding.What == o.Finding.What && o.Span.Contains(inner.Span))))
            .ToList();
        kept = kept
            .Where(o => !kept.Any(outer => !ReferenceEquals(outer, o) && outer.NameSpan.Contains(o.Span)
                && (outer.NameSpan != o.Span || outer.Order < o.Order)
                && (outer.Finding.What == o.Finding.What || outer.Finding.What.StartsWith(o.Finding.What + ".", StringComparison.Ordinal))))
            .ToList();
        return kept.Select(o => PluginDiagnostic.Error(
            PluginSourceLocation.From(o.Location, fallbackPath), o.Finding.Concern.Code, o.Finding.Concern.Explain(o.Finding.What)));
    }

    private sealed record Finding(string What, ApiConcern Concern, bool ViaTypeArgument = false);

    private sealed record Occurrence(Finding Finding, Location Location, TextSpan Span, TextSpan NameSpan, bool ViaTypeArgument, int Order);
}
