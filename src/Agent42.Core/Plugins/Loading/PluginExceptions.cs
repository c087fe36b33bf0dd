using System.Reflection;

namespace Agent42.Core.Plugins.Loading;

/// <summary>What a plugin's code really threw, under the wrappers reflection puts around it.</summary>
internal static class PluginExceptions
{
    /// <summary>
    /// The cause of <paramref name="exception"/>: a constructor invoked by reflection reports its exception
    /// inside a <see cref="TargetInvocationException"/>, and a failing static constructor says only "the type
    /// initializer threw" (<see cref="TypeInitializationException"/>); a person needs what is inside.
    /// </summary>
    public static Exception Cause(Exception exception)
    {
        if (exception is TargetInvocationException { InnerException: { } invoked })
        {
            exception = invoked;
        }

        return exception is TypeInitializationException { InnerException: { } initializer } ? initializer : exception;
    }
}
