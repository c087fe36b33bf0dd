using Agent42.Core.Configuration;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins.Loading;
using Agent42.Core.Plugins.Sources;
using Agent42.Core.Tools;
using Agent42.Sdk;
using Microsoft.Extensions.Logging;

namespace Agent42.Core.Plugins;

/// <summary>
/// <c>agent42 tools check</c>: runs a file through the <see cref="PluginBuilder"/> a load uses (read, compile,
/// policy, load, validation), adds the built-in name clashes the registry would refuse, and unloads it again:
/// nothing is registered, and the cache is neither read nor written.
/// </summary>
internal sealed class PluginChecker(PluginCompiler compiler, PluginOptions options, ToolContext context, ToolRegistry registry, TimeProvider time, ILogger<PluginChecker> logger)
{
    private readonly PluginBuilder _builder = new(new PluginFileReader(options.MaxFileKb), new Lazy<PluginCompiler>(compiler), new PluginLoader(context, TimeSpan.FromSeconds(options.LoadTimeoutSeconds), time), cache: null, logger);

    public PluginCheckResult Check(string path, CancellationToken cancellationToken)
    {
        if (PluginFileRules.IsLoadableHelper(path))
        {
            // A helper is checked as part of the scripts that #load it, not on its own.
            return new PluginCheckResult(path, true, [], [new PluginDiagnostic(path, 1, 1, PluginDiagnosticCodes.NoTools,
                PluginDiagnosticSeverity.Warning, "names starting with '_' are helpers for #load, not tools; check the scripts that load it")]);
        }

        var read = _builder.Read(path);
        if (read.File is null)
        {
            return Invalid(path, [PluginFileDiagnostics.Unreadable(path, read.IsMissing ? "the file does not exist" : $"the file {read.Error}")]);
        }

        var outcome = _builder.Build(read.File, useCache: false, cancellationToken);
        if (outcome.Loaded is not { } loaded)
        {
            return Invalid(path, outcome.Diagnostics);
        }

        try
        {
            var diagnostics = outcome.Diagnostics.Concat(loaded.Diagnostics).ToList();
            diagnostics.AddRange(loaded.Snapshots.Where(t => registry.IsBuiltIn(t.Name))
                .Select(t => PluginFileDiagnostics.NameTaken(path, ToolRejection.BuiltInName(t.Name))));
            var tools = loaded.Snapshots.Select(t => t.Name).Where(n => !registry.IsBuiltIn(n)).Order(StringComparer.Ordinal).ToArray();
            var valid = tools.Length > 0 && !diagnostics.Any(d => d.IsError);
            return new PluginCheckResult(path, valid, tools, diagnostics);
        }
        finally
        {
            loaded.Unload();
        }
    }

    private static PluginCheckResult Invalid(string path, IReadOnlyList<PluginDiagnostic> diagnostics) =>
        new(path, false, [], diagnostics);
}
