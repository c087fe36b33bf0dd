using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Diagnostics;
using Agent42.Core.Plugins.Isolation;
using Agent42.Core.Plugins.Sources;
using Agent42.Core.Tools;

namespace Agent42.Core.Plugins;

/// <summary>
/// <c>agent42 tools check</c>: reads, compiles and runs the API policy in this process (none of which runs the
/// file's code), then activates the tools (type initializers, constructors, the Name, Description and Parameters
/// getters) in a throwaway child process through <see cref="IsolatedActivator"/>, and adds the built-in name
/// clashes the registry would refuse. Nothing is registered, and the cache is neither read nor written.
/// </summary>
internal sealed class PluginChecker(PluginCompiler compiler, PluginOptions options, IsolatedActivator activator, ToolRegistry registry)
{
    private readonly PluginFileReader _reader = new(options.MaxFileKb);

    public async Task<PluginCheckResult> CheckAsync(string path, CancellationToken cancellationToken)
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
            return Invalid(path, [PluginFileDiagnostics.Unreadable(path, read.IsMissing ? "the file does not exist" : $"the file {read.Error}")]);
        }

        var build = compiler.Compile(read.File.Path, read.File.Text, cancellationToken);
        if (!build.Succeeded)
        {
            return Invalid(path, build.Diagnostics);
        }

        var activated = await activator.ActivateAsync(build, cancellationToken).ConfigureAwait(false);
        var diagnostics = build.Diagnostics.Concat(activated.Diagnostics).ToList();
        diagnostics.AddRange(activated.Tools.Where(registry.IsBuiltIn)
            .Select(name => PluginFileDiagnostics.NameTaken(path, ToolRejection.BuiltInName(name))));
        diagnostics.AddRange(activated.Tools.Where(ToolNameRule.IsMcpName)
            .Select(name => PluginFileDiagnostics.NameTaken(path, ToolRejection.ReservedForMcp(name))));
        var tools = activated.Tools.Where(n => !registry.IsBuiltIn(n) && !ToolNameRule.IsMcpName(n)).Order(StringComparer.Ordinal).ToArray();
        var valid = tools.Length > 0 && !diagnostics.Any(d => d.IsError);
        return new PluginCheckResult(path, valid, tools, diagnostics);
    }

    private static PluginCheckResult Invalid(string path, IReadOnlyList<PluginDiagnostic> diagnostics) =>
        new(path, false, [], diagnostics);
}
