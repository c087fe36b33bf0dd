using System.Text.Json;

namespace Agent42.Sdk;

/// <summary>
/// A tool whose arguments are a record: the JSON Schema is generated from <typeparamref name="TArguments"/>,
/// and the arguments are deserialized and validated before <see cref="RunAsync"/> is called.
/// </summary>
/// <typeparam name="TArguments">
/// The arguments type. Property names are exposed in snake_case; constructor parameters without a default are
/// required; non-nullable properties reject <c>null</c>; unknown properties are refused. Put
/// <see cref="System.ComponentModel.DescriptionAttribute"/> on a property (or on a positional record
/// parameter) to describe it to the model.
/// </typeparam>
public abstract class Tool<TArguments> : Tool
    where TArguments : notnull
{
    private readonly ToolArgumentBinder<TArguments> _binder = new();

    /// <summary>The schema generated from <typeparamref name="TArguments"/>.</summary>
    public sealed override JsonElement Parameters => _binder.Schema;

    /// <summary>Validates and binds <paramref name="arguments"/>, then calls <see cref="RunAsync"/>.</summary>
    /// <param name="arguments">The arguments as a JSON object.</param>
    /// <param name="cancellationToken">Cancelled when the call times out or the task is abandoned.</param>
    /// <returns>A failed result naming the problem when the arguments are invalid; otherwise the tool's result.</returns>
    public sealed override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken)
    {
        if (!_binder.TryBind(arguments, out var bound, out var error))
        {
            return Task.FromResult(ToolResult.Fail($"Invalid arguments for '{Name}': {error}"));
        }

        return RunAsync(bound, cancellationToken);
    }

    /// <summary>Runs the tool with arguments that have already been validated.</summary>
    /// <param name="arguments">The bound arguments.</param>
    /// <param name="cancellationToken">Cancelled when the call times out or the task is abandoned.</param>
    /// <returns>The result.</returns>
    protected abstract Task<ToolResult> RunAsync(TArguments arguments, CancellationToken cancellationToken);
}
