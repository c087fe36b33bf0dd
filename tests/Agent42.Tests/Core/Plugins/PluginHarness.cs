using System.Text.Json;
using Agent42.Core.Plugins.Compiling;
using Agent42.Core.Plugins.Loading;
using Agent42.Sdk;
using Agent42.Tests.Support;

namespace Agent42.Tests.Core.Plugins;

/// <summary>A real tools directory, a compiler and a loader over fake services: what every plugin test needs.</summary>
internal sealed class PluginHarness : IDisposable
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.Linq;
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Agent42.Sdk;

        """;

    private readonly List<LoadedPlugin> _loaded = [];

    public PluginHarness()
    {
        Services = new FakeToolServices(Workspace.Path);
        Compiler = new PluginCompiler(Tools.Path);
        Loader = new PluginLoader(Services.Context);
    }

    public TempDirectory Tools { get; } = new();

    public TempDirectory Workspace { get; } = new();

    public FakeToolServices Services { get; }

    public PluginCompiler Compiler { get; }

    public PluginLoader Loader { get; }

    /// <summary>A raw tool named <paramref name="name"/> whose result is <paramref name="output"/> (a C# expression).</summary>
    public static string RawTool(string className, string name, string output = "\"ok\"", string constructor = "") => $$"""
        public sealed class {{className}} : Tool
        {
            {{constructor}}
            public override string Name => "{{name}}";
            public override string Description => "A test tool.";
            public override JsonElement Parameters { get; } = JsonDocument.Parse("{\"type\":\"object\"}").RootElement;
            public override Task<ToolResult> ExecuteAsync(JsonElement arguments, CancellationToken cancellationToken) =>
                Task.FromResult(ToolResult.Ok({{output}}));
        }
        """;

    /// <summary>Writes the file and compiles it.</summary>
    public PluginBuild Compile(string fileName, string source)
    {
        var path = Tools.Write(fileName, source);
        return Compiler.Compile(path, source);
    }

    /// <summary>Writes, compiles (asserting success) and loads the file.</summary>
    public LoadedPlugin Load(string fileName, string source)
    {
        var build = Compile(fileName, source);
        Assert.That(build.Succeeded, Is.True, () => "build failed:\n" + string.Join("\n", build.Diagnostics));
        var plugin = Loader.Load(build);
        _loaded.Add(plugin);
        return plugin;
    }

    public static async Task<ToolResult> RunAsync(Tool tool, string argumentsJson = "{}")
    {
        using var document = JsonDocument.Parse(argumentsJson);
        return await tool.ExecuteAsync(document.RootElement.Clone(), CancellationToken.None).ConfigureAwait(false);
    }

    public void Dispose()
    {
        foreach (var plugin in _loaded)
        {
            plugin.Unload();
        }

        Tools.Dispose();
        Workspace.Dispose();
    }
}
