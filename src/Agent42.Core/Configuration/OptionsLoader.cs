using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Agent42.Core.Configuration;

/// <summary>
/// Binds an options class and validates it at start-up, turning any problem into one
/// <see cref="ConfigurationException"/> line that names the variable.
/// </summary>
internal static partial class OptionsLoader
{
    public static T Load<T>(IConfiguration configuration)
        where T : class, new()
    {
        var options = new T();
        try
        {
            configuration.Bind(options);
        }
        catch (InvalidOperationException ex) when (FailedConversion().Match(ex.Message) is { Success: true } match)
        {
            var key = match.Groups["key"].Value;
            throw new ConfigurationException(
                $"{key} must be {Describe(typeof(T), key)}; got '{configuration[key]}'");
        }

        ClearEmptyOptionalStrings(options);
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            var first = results[0];
            var key = first.MemberNames.Select(name => KeyOf(typeof(T), name)).FirstOrDefault();
            var value = key is null ? null : configuration[key];
            throw new ConfigurationException(value is null ? first.ErrorMessage! : $"{first.ErrorMessage}; got '{value}'");
        }

        return options;
    }

    /// <summary>
    /// <c>KEY=</c> (as in a copied <c>.env.example</c>) means "not set": an optional (nullable) string property bound to
    /// an empty value becomes null, so its validation and its default behaviour apply as if the line were absent.
    /// </summary>
    private static void ClearEmptyOptionalStrings(object options)
    {
        var nullability = new NullabilityInfoContext();
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.PropertyType == typeof(string) && property.CanWrite
                && nullability.Create(property).WriteState == NullabilityState.Nullable
                && property.GetValue(options) is string { Length: 0 })
            {
                property.SetValue(options, null);
            }
        }
    }

    private static string? KeyOf(Type type, string propertyName) =>
        type.GetProperty(propertyName)?.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? propertyName;

    private static string Describe(Type type, string key)
    {
        var property = type.GetProperties()
            .FirstOrDefault(p => string.Equals(p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name, key, StringComparison.OrdinalIgnoreCase));
        var range = property?.GetCustomAttribute<RangeAttribute>();
        return property?.PropertyType switch
        {
            { } t when t == typeof(int) && range is not null => $"a whole number from {range.Minimum} to {range.Maximum}",
            { } t when t == typeof(int) => "a whole number",
            { } t when t == typeof(bool) => "true or false",
            { } t when t == typeof(double) => "a number",
            _ => "a valid value",
        };
    }

    [GeneratedRegex("at '(?<key>[^']+)' to type")]
    private static partial Regex FailedConversion();
}
