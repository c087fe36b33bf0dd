using System.ComponentModel;
using System.Text;
using Agent42.Core.Security;
using Agent42.Sdk;

namespace Agent42.Core.Tools.BuiltIn;

/// <summary>Replaces an exact string in a text file.</summary>
internal sealed class EditFileTool : Tool<EditFileTool.Arguments>
{
    private readonly WorkspaceSandbox _sandbox;
    private readonly ToolOptions _options;

    // Not public: only the host builds the services it hands to tools (HostServiceConstructorTests).
    internal EditFileTool(WorkspaceSandbox sandbox, ToolOptions options)
    {
        _sandbox = sandbox;
        _options = options;
    }

    public override string Name => "edit_file";

    public override string Description =>
        "Replace an exact string in a text file. old_string must occur exactly once unless replace_all is true; " +
        "include enough surrounding text to make it unique.";

    protected override async Task<ToolResult> RunAsync(Arguments arguments, CancellationToken cancellationToken)
    {
        if (arguments.OldString.Length == 0)
        {
            return ToolResult.Fail("old_string must not be empty");
        }

        if (!TextFiles.TryRead(_sandbox, arguments.Path, _options.FileMaxReadKb, out var file, out var text, out var error))
        {
            return ToolResult.Fail(error);
        }

        using var _ = file;

        var count = Count(text, arguments.OldString);
        if (count == 0)
        {
            return ToolResult.Fail($"old_string was not found in '{arguments.Path}'");
        }

        if (count > 1 && !arguments.ReplaceAll)
        {
            return ToolResult.Fail($"old_string occurs {count} times in '{arguments.Path}'; add context to make it unique, or set replace_all");
        }

        var updated = arguments.ReplaceAll
            ? text.Replace(arguments.OldString, arguments.NewString, StringComparison.Ordinal)
            : ReplaceFirst(text, arguments.OldString, arguments.NewString);
        // Written back through the directory handle it was read from, so the edit lands where the text came from.
        var (relative, refusal) = await _sandbox.WriteAsync(arguments.Path, Encoding.UTF8.GetBytes(updated), file, cancellationToken).ConfigureAwait(false);
        return refusal is null
            ? ToolResult.Ok($"Replaced {(arguments.ReplaceAll ? count : 1)} occurrence(s) in {relative}")
            : ToolResult.Fail(refusal.Message);
    }

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string ReplaceFirst(string text, string oldValue, string newValue)
    {
        var index = text.IndexOf(oldValue, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, index), newValue, text.AsSpan(index + oldValue.Length));
    }

    /// <summary>Arguments of edit_file.</summary>
    public sealed record Arguments(
        [property: Description("Path of the file, relative to the workspace.")] string Path,
        [property: Description("The exact text to replace.")] string OldString,
        [property: Description("The text to put in its place.")] string NewString,
        [property: Description("Replace every occurrence instead of exactly one.")] bool ReplaceAll = false);
}
