using Agent42.Core.Configuration;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins.Loading;
using Agent42.Core.Plugins.Sources;
using Agent42.Core.Tools;
using Agent42.Sdk;

namespace Agent42.Core.Plugins;

/// <summary>
/// Runs a file through everything a load would (read, compile, policy, validation, built-in name clashes)
/// and unloads it again: nothing is registered.
/// </summary>
internal sealed class PluginChecker(PluginCompiler compiler, PluginOptions options, ToolContext context, ToolRegistry registry)
{
    private readonly PluginFileReader _reader = new(options.MaxFileKb);

    public PluginCheckResult Check(string path, CancellationToken cancellationToken)
    {
        if (PluginFileRules.IsLoadableHelper(path))
        {
            // A helper is checked as part of the scripts that #load it, not on its own.
            return new PluginCheckResult(path, true, [], [new PluginDiagnostic(path, 1, 1, PluginDiagnosticCodes.NoTools,
                PluginDiagnosticSeverity.Warning, "names starting with '_' are helpers for #load, not tools; check the scripts that load it")]);
        }

        var read = _reader.Read(path);
        if (read.File is null)
        {
            var problem = read.IsMissing ? "the file does not exist" : $"the file {read.Error}";
            return Invalid(path, [new PluginDiagnostic(path, 1, 1, PluginDiagnosticCodes.Unreadable, PluginDiagnosticSeverity.Error, problem)]);
        }

        var build = compiler.Compile(path, read.File.Text, cancellationToken);
        if (!build.Succeeded)
        {
            return Invalid(path, build.Diagnostics);
        }

        var loaded = new PluginLoader(context).Load(build);
        try
        {
            var diagnostics = build.Diagnostics.Concat(loaded.Diagnostics).ToList();
            foreach (var tool in loaded.Tools.Where(t => registry.IsBuiltIn(t.Name)))
            {
                diagnostics.Add(new PluginDiagnostic(path, 1, 1, PluginDiagnosticCodes.NameTaken, PluginDiagnosticSeverity.Error,
                    ToolRejection.BuiltInName(tool.Name).Reason));
            }

            var tools = loaded.Tools.Select(t => t.Name).Where(n => !registry.IsBuiltIn(n)).Order(StringComparer.Ordinal).ToArray();
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
