using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Agent42.Sdk;

/// <summary>
/// Generates the schema for an arguments type and binds JSON to it, turning every way the JSON can be wrong
/// into one readable sentence.
/// </summary>
/// <remarks>
/// The serializer options belong to the instance, not to a static, so that a tool compiled from a plugin
/// takes its System.Text.Json metadata with it when its load context is unloaded.
/// </remarks>
internal sealed partial class ToolArgumentBinder<TArguments>
    where TArguments : notnull
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    private readonly JsonSerializerOptions _options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    private JsonElement? _schema;

    public JsonElement Schema => _schema ??= BuildSchema();

    public bool TryBind(JsonElement arguments, [NotNullWhen(true)] out TArguments? bound, [NotNullWhen(false)] out string? error)
    {
        bound = default;
        var json = arguments.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? EmptyObject : arguments;
        if (json.ValueKind != JsonValueKind.Object)
        {
            error = $"arguments must be a JSON object, not {Describe(json.ValueKind)}";
            return false;
        }

        try
        {
            bound = json.Deserialize<TArguments>(_options);
        }
        catch (JsonException ex)
        {
            error = Explain(ex);
            return false;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or FormatException)
        {
            error = ex.Message;
            return false;
        }

        if (bound is null)
        {
            error = "arguments are missing";
            return false;
        }

        error = null;
        return true;
    }

    private JsonElement BuildSchema()
    {
        var exporterOptions = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = AddDescription,
        };
        var node = _options.GetJsonSchemaAsNode(typeof(TArguments), exporterOptions);
        if (node is JsonObject root)
        {
            // The root is always an object the model must send, never null.
            root["type"] = "object";
        }

        return JsonSerializer.SerializeToElement(node, JsonSchemaNodeContext.Default.JsonNode);
    }

    private static JsonNode AddDescription(JsonSchemaExporterContext context, JsonNode schema)
    {
        var provider = context.PropertyInfo is { } property
            ? property.AttributeProvider ?? property.AssociatedParameter?.AttributeProvider
            : context.Path.IsEmpty ? context.TypeInfo.Type : null;
        var description = FindDescription(provider)
            ?? FindDescription(context.PropertyInfo?.AssociatedParameter?.AttributeProvider);
        if (description is null)
        {
            return schema;
        }

        var obj = schema as JsonObject ?? new JsonObject();
        obj.Insert(0, "description", description);
        return obj;
    }

    private static string? FindDescription(ICustomAttributeProvider? provider) =>
        provider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: true) is [DescriptionAttribute first, ..]
            ? first.Description
            : null;

    private string Explain(JsonException ex)
    {
        var message = ex.Message;
        var path = ex.Path is null or "$" ? null : ex.Path.TrimStart('$', '.');

        if (MissingRequired().Match(message) is { Success: true } missing)
        {
            var names = missing.Groups[1].Value;
            return names.Contains(',', StringComparison.Ordinal)
                ? $"missing required properties {names}"
                : $"missing required property {names}";
        }

        if (Unmapped().Match(message) is { Success: true } unknown)
        {
            return $"unknown property '{unknown.Groups[1].Value}'";
        }

        if (path is not null && message.Contains("null values", StringComparison.Ordinal))
        {
            return $"property '{path}' must not be null";
        }

        if (path is not null && message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            && PropertyType(path) is { } expected)
        {
            return $"property '{path}' must be {JsonTypeOf(expected)}";
        }

        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = cut > 0 ? message[..cut] : message;
        return path is null ? text : $"{text} (at '{path}')";
    }

    /// <summary>The declared type of the top-level property a JSON path points into.</summary>
    private Type? PropertyType(string path)
    {
        var name = path.Split('.', '[')[0];
        return _options.GetTypeInfo(typeof(TArguments)).Properties
            .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
    }

    private static string JsonTypeOf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return Type.GetTypeCode(t) switch
        {
            _ when t.IsEnum => "one of " + string.Join(", ", Enum.GetNames(t).Select(n => JsonNamingPolicy.SnakeCaseLower.ConvertName(n))),
            TypeCode.String or TypeCode.Char => "a string",
            TypeCode.Boolean => "true or false",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
                or TypeCode.Int64 or TypeCode.UInt64 => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            _ when t != typeof(string) && typeof(System.Collections.IDictionary).IsAssignableFrom(t) => "an object",
            _ when t != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(t) => "an array",
            _ => "an object",
        };
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };

    [GeneratedRegex(@"missing required properties including: (.+?)\.?$")]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"The JSON property '(.+?)' could not be mapped")]
    private static partial Regex Unmapped();
}
