using System.Reflection;
using Agent42.Core.Plugins.Loading;

namespace Agent42.Tests.Core.Plugins.Loading;

public sealed class PluginExceptionsTests
{
    [Test]
    public void Cause_OfAFailingStaticConstructorCalledByReflection_IsWhatTheInitializerThrew()
    {
        var thrown = new InvalidOperationException("boom");
        var wrapped = new TargetInvocationException(new TypeInitializationException("T", thrown));

        Assert.That(PluginExceptions.Cause(wrapped), Is.SameAs(thrown));
    }

    [Test]
    public void Cause_OfATypeInitializerFailure_IsItsInnerException()
    {
        var thrown = new FormatException("bad");

        Assert.That(PluginExceptions.Cause(new TypeInitializationException("T", thrown)), Is.SameAs(thrown));
    }

    [Test]
    public void Cause_OfAnUnwrappedException_IsTheExceptionItself()
    {
        var thrown = new ArgumentException("plain");

        Assert.That(PluginExceptions.Cause(thrown), Is.SameAs(thrown));
    }
}
