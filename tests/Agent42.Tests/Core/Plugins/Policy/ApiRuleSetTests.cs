using Agent42.Core.Plugins.Policy;

namespace Agent42.Tests.Core.Plugins.Policy;

public sealed class ApiRuleSetTests
{
    private static readonly ApiConcern Refused = new("A42999", "test", "why", "instead");

    [Test]
    public void Check_MemberRuleBeatsTypeRuleBeatsNamespaceRule()
    {
        var rules = CreateSut(
            new ApiRule(ApiRuleKind.NamespaceTree, "N", null),
            new ApiRule(ApiRuleKind.Type, "N.T", Refused),
            new ApiRule(ApiRuleKind.Member, "N.T.Ok", null));

        Assert.That(rules.Check(new ApiName("N", ["T"], "Ok")), Is.Null);
        Assert.That(rules.Check(new ApiName("N", ["T"], "Other")), Is.SameAs(Refused));
        Assert.That(rules.Check(new ApiName("N", ["U"], "Other")), Is.Null);
    }

    [Test]
    public void Check_DeeperNamespaceBeatsShallowerAndCoversNestedTypes()
    {
        var rules = CreateSut(new ApiRule(ApiRuleKind.NamespaceTree, "N", null), new ApiRule(ApiRuleKind.NamespaceTree, "N.Bad", Refused));

        Assert.That(rules.Check(new ApiName("N.Bad.Deeper", ["T", "Nested"], null)), Is.SameAs(Refused));
        Assert.That(rules.Check(new ApiName("N.Good", ["T"], null)), Is.Null);
    }

    [Test]
    public void Check_NamespaceRuleDoesNotCoverNamespacesBelow()
    {
        var rules = CreateSut(new ApiRule(ApiRuleKind.Namespace, "System", null));

        Assert.That(rules.Check(new ApiName("System", ["Math"], "Max")), Is.Null);
        Assert.That(rules.Check(new ApiName("System.Web", ["HttpUtility"], null)), Is.SameAs(ApiPolicyRules.NotAllowed));
    }

    [Test]
    public void Check_RefusedTypeWithAllowedMembers_MayBeNamedButNotUsedOtherwise()
    {
        var rules = CreateSut(new ApiRule(ApiRuleKind.Type, "N.T", Refused), new ApiRule(ApiRuleKind.Member, "N.T.Ok", null));

        Assert.That(rules.Check(new ApiName("N", ["T"], null)), Is.Null);
        Assert.That(rules.Check(new ApiName("N", ["T"], ".ctor")), Is.SameAs(Refused));
    }

    [Test]
    public void Check_CompilerEmittedMember_IsAcceptedOnlyInTheCompiledImage()
    {
        var rules = new ApiRuleSet([new ApiRule(ApiRuleKind.Type, "N.T", Refused)], ["N.T.Helper"]);

        Assert.That(rules.Check(new ApiName("N", ["T"], "Helper")), Is.SameAs(Refused));
        Assert.That(rules.Check(new ApiName("N", ["T"], "Helper"), inCompiledImage: true), Is.Null);
        Assert.That(rules.Check(new ApiName("N", ["T"], null), inCompiledImage: true), Is.Null);
        Assert.That(rules.Check(new ApiName("N", ["T"], "Other"), inCompiledImage: true), Is.SameAs(Refused));
    }

    [Test]
    public void Constructor_TwoRulesForOneTarget_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => CreateSut(new ApiRule(ApiRuleKind.Type, "N.T", null), new ApiRule(ApiRuleKind.Type, "N.T", Refused)));
    }

    [Test]
    public void ApiName_FromMetadata_DropsArityAndAccessorPrefix()
    {
        Assert.That(ApiName.StripArity("List`1"), Is.EqualTo("List"));
        Assert.That(ApiName.StripAccessor("get_NewLine"), Is.EqualTo("NewLine"));
        Assert.That(new ApiName("System", ["Environment"], "NewLine").Display, Is.EqualTo("System.Environment.NewLine"));
        Assert.That(new ApiName("System.IO", ["FileInfo"], ".ctor").Display, Is.EqualTo("System.IO.FileInfo"));
    }

    private static ApiRuleSet CreateSut(params ApiRule[] rules) => new(rules, []);
}
