using System.Text;
using Agent42.Sdk;
using ModelContextProtocol.Protocol;

namespace Agent42.Core.Mcp;

/// <summary>
/// Turns an MCP <c>tools/call</c> result into a tool result: text blocks are the output, joined by line breaks; an
/// image, audio or blob is a one-line placeholder with its type and size (the model reads text only); an embedded text
/// resource is its text under a line naming it; <c>isError</c> makes the result a failure with that text as the reason.
/// Output past the cap is cut with a note, as the shell's is.
/// </summary>
internal static class McpResults
{
    public static ToolResult ToToolResult(CallToolResult result, int maxChars)
    {
        var text = new StringBuilder();
        foreach (var block in result.Content ?? [])
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(Describe(block));
            if (text.Length > maxChars)
            {
                break;
            }
        }

        if (text.Length == 0 && result.StructuredContent is { } structured)
        {
            text.Append(structured.GetRawText());
        }

        var output = Cut(text.ToString(), maxChars);
        return result.IsError == true ? ToolResult.Fail(output.Length > 0 ? output : "the MCP server reported an error") : ToolResult.Ok(output);
    }

    public static string Cut(string text, int maxChars) =>
        text.Length <= maxChars ? text : $"{text[..maxChars]}... ({text.Length - maxChars} more characters cut; SHELL_MAX_OUTPUT_KB)";

    private static string Describe(ContentBlock block) => block switch
    {
        TextContentBlock t => t.Text ?? string.Empty,
        ImageContentBlock i => $"[image: {i.MimeType}, {i.DecodedData.Length} bytes, not shown]",
        AudioContentBlock a => $"[audio: {a.MimeType}, {a.DecodedData.Length} bytes, not shown]",
        ResourceLinkBlock l => $"[resource link: {l.Uri}{(string.IsNullOrEmpty(l.Name) ? string.Empty : $" ({l.Name})")}]",
        EmbeddedResourceBlock { Resource: TextResourceContents r } => $"[resource: {r.Uri}]\n{r.Text}",
        EmbeddedResourceBlock { Resource: BlobResourceContents r } => $"[resource: {r.Uri}, {r.MimeType}, {r.DecodedData.Length} bytes, not shown]",
        _ => $"[{block.Type} content, not shown]",
    };
}
