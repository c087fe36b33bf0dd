// An example C# script tool (.csx). Scripts need no usings for the common namespaces, and may
// #load helper files from this directory whose names start with '_' (those are not tools themselves).
#load "_text_helpers.csx"

using System.ComponentModel;
using Agent42.Sdk;

public sealed record SlugifyArguments(
    [property: Description("The text to turn into a URL slug.")] string Text,
    [property: Description("Longest slug to return.")] int MaxLength = 60);

public sealed class SlugifyTool : Tool<SlugifyArguments>
{
    public override string Name => "slugify";

    public override string Description => "Turn a title into a lower-case, dash-separated URL slug.";

    protected override Task<ToolResult> RunAsync(SlugifyArguments arguments, CancellationToken cancellationToken) =>
        Task.FromResult(ToolResult.Ok(TextHelpers.Slug(arguments.Text, arguments.MaxLength)));
}
