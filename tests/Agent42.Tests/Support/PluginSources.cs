namespace Agent42.Tests.Support;

/// <summary>Small tool sources for tests that drop files into a tools directory.</summary>
internal static class PluginSources
{
    /// <summary>A typed tool named <paramref name="name"/> with one <c>text</c> argument, returning <paramref name="expression"/>.</summary>
    public static string Typed(string name, string expression) => $$"""
        using System.ComponentModel;
        using System.Threading;
        using System.Threading.Tasks;
        using Agent42.Sdk;

        public sealed record Args([property: Description("Text.")] string Text);

        public sealed class T_{{name}} : Tool<Args>
        {
            public override string Name => "{{name}}";
            public override string Description => "A test tool.";
            protected override Task<ToolResult> RunAsync(Args arguments, CancellationToken cancellationToken) =>
                Task.FromResult(ToolResult.Ok({{expression}}));
        }
        """;
}
