using System.Reflection;
using System.Reflection.Metadata;
using System.Text.Json;

namespace Agent42.Core.Plugins.Loading;

/// <summary>
/// Clears System.Text.Json's static metadata caches, which otherwise keep every type they have seen, and with
/// it an unloaded plugin's load context, alive. Uses the hook the runtime calls after a hot reload: the
/// <c>ClearCache(Type[]?)</c> of the types System.Text.Json names in its <see cref="MetadataUpdateHandlerAttribute"/>s.
/// Only framework methods are cached here.
/// </summary>
internal static class JsonMetadataCaches
{
    private static readonly Lazy<MethodInfo[]> ClearMethods = new(FindClearMethods);

    /// <summary>Whether the hook was found; if not, a plugin that used JsonSerializer may not unload.</summary>
    public static bool IsAvailable => ClearMethods.Value.Length > 0;

    public static void Clear()
    {
        foreach (var clear in ClearMethods.Value)
        {
            clear.Invoke(null, [null]);
        }
    }

    private static MethodInfo[] FindClearMethods() =>
        typeof(JsonSerializer).Assembly.GetCustomAttributes<MetadataUpdateHandlerAttribute>()
            .Select(handler => handler.HandlerType.GetMethod(
                "ClearCache", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(Type[])]))
            .OfType<MethodInfo>()
            .ToArray();
}
