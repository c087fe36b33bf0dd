using Agent42.Core.Configuration;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Isolation;
using Microsoft.Extensions.DependencyInjection;

namespace Agent42.Core.Plugins;

/// <summary>Registers the custom-tool pipeline: the compiler (lazily), the hot-swap manager and <c>tools check</c>.</summary>
internal static class PluginsServiceCollectionExtensions
{
    public static IServiceCollection AddAgent42Plugins(this IServiceCollection services, PluginOptions options, Agent42Paths paths)
    {
        services.AddSingleton(options);
        // The compiler is created on first use, so a start-up whose plugins are all cached never touches Roslyn.
        services.AddSingleton(_ => new PluginCompiler(paths.ToolsDirectory));
        services.AddSingleton(sp => new Lazy<PluginCompiler>(sp.GetRequiredService<PluginCompiler>));
        services.AddSingleton<PluginManager>();
        services.AddSingleton<PluginChecker>();
        // tools check activates in a child process; the command line registers how to start one (ActivationCommand).
        services.AddSingleton<IsolatedActivator>();
        services.AddSingleton<ActivationChild>();
        return services;
    }
}
