using System.Reflection;
using Agent42.Sdk;

namespace Agent42.Core.Plugins.Loading;

/// <summary>
/// Creates a tool, giving its public constructor the services it names. A parameter that cannot be met skips
/// the tool with a reason naming the parameter; nothing is ever passed as null.
/// </summary>
internal static class ToolActivator
{
    public const string WorkspaceParameterName = "workspace";

    /// <summary>What a tool may ask for, for messages.</summary>
    public static string Injectable { get; } = string.Join(", ",
        nameof(IWorkspaceSandbox), nameof(ICommandFilter), nameof(ITaskQueue), nameof(IToolRegistry),
        nameof(IToolLogger), nameof(ToolContext), "string workspace");

    /// <summary>Creates <paramref name="type"/>; whatever its constructor, type initializer or parameter types throw comes back as a failure.</summary>
    public static ToolActivation Create(Type type, ToolContext context)
    {
        try
        {
            return CreateOrThrow(type, context);
        }
#pragma warning disable CA1031 // A type initializer or parameter type of the plugin may throw anything.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var cause = PluginExceptions.Cause(ex);
            return ToolActivation.Failed(
                $"{type.Name}: constructor threw {cause.GetType().Name}: {cause.Message}", ToolActivationFailure.ConstructorThrew);
        }
    }

    private static ToolActivation CreateOrThrow(Type type, ToolContext context)
    {
        if (!typeof(Tool).IsAssignableFrom(type) || type.IsAbstract)
        {
            return ToolActivation.Failed($"{type.FullName} is not a concrete Tool");
        }

        var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        if (constructors.Length == 0)
        {
            return ToolActivation.Failed($"{type.Name} has no public constructor");
        }

        // The richest public constructor states what the tool needs.
        var constructor = constructors.OrderByDescending(c => c.GetParameters().Length).First();
        var parameters = constructor.GetParameters();
        var arguments = new object[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var resolved = Resolve(parameters[i], type, context);
            if (resolved is null)
            {
                return ToolActivation.Failed(
                    $"{type.Name}: constructor parameter '{parameters[i].Name}' of type {parameters[i].ParameterType.Name} cannot be provided; a tool may ask for {Injectable}",
                    ToolActivationFailure.UnmetParameter);
            }

            arguments[i] = resolved;
        }

        return ToolActivation.Created((Tool)constructor.Invoke(arguments));
    }

    private static object? Resolve(ParameterInfo parameter, Type toolType, ToolContext context)
    {
        var type = parameter.ParameterType;
        if (type == typeof(string))
        {
            return string.Equals(parameter.Name, WorkspaceParameterName, StringComparison.Ordinal) ? context.Workspace : null;
        }

        return type switch
        {
            _ when type == typeof(IWorkspaceSandbox) => context.Sandbox,
            _ when type == typeof(ICommandFilter) => context.CommandFilter,
            _ when type == typeof(ITaskQueue) => context.TaskQueue,
            _ when type == typeof(IToolRegistry) => context.ToolRegistry,
            _ when type == typeof(IToolLogger) => context.LoggerFactory(toolType.FullName ?? toolType.Name),
            _ when type == typeof(ToolContext) => context,
            _ => null,
        };
    }
}
