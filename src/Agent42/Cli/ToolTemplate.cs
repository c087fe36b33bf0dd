namespace Agent42.Cli;

/// <summary>The source <c>agent42 tools new</c> writes: a typed tool that works as it is.</summary>
internal static class ToolTemplate
{
    public static string Render(string toolName, string className)
    {
        var argumentsName = className.EndsWith("Tool", StringComparison.Ordinal) ? className[..^4] + "Arguments" : className + "Arguments";
        const string usings = "using System;\nusing System.ComponentModel;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing Agent42.Sdk;\n";
        return $$"""
            // {{toolName}}: a custom Agent42 tool. Save the file and `agent42 watch` reloads it.
            // Ask for services in the constructor: IWorkspaceSandbox, ICommandFilter, ITaskQueue, IToolRegistry, IToolLogger.
            {{usings}}
            public sealed record {{argumentsName}}(
                [property: Description("The text to work on.")] string Text,
                [property: Description("How many times to repeat it.")] int Times = 1);

            public sealed class {{className}}(IToolLogger log) : Tool<{{argumentsName}}>
            {
                public override string Name => "{{toolName}}";

                public override string Description => "Repeats the given text. Replace this with what your tool does.";

                protected override Task<ToolResult> RunAsync({{argumentsName}} arguments, CancellationToken cancellationToken)
                {
                    log.Debug($"{{toolName}} called with {arguments.Times} repetition(s)");
                    var times = Math.Clamp(arguments.Times, 1, 100);
                    return Task.FromResult(ToolResult.Ok(string.Join("\n", Enumerable.Repeat(arguments.Text, times))));
                }
            }

            """;
    }
}
