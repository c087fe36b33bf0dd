namespace Agent42.Core.Security.Handles;

/// <summary>A tool's path, checked for syntax and normalised under the workspace root, before anything is opened.</summary>
/// <param name="Given">The path as the tool was given it, for messages.</param>
/// <param name="Relative">Workspace-relative with forward slashes; <c>.</c> for the root.</param>
/// <param name="FullPath">The lexical absolute path under the root (what a handle opened beneath the root, following no link, is).</param>
/// <param name="Components">The names from the root down; empty for the root.</param>
internal sealed record WorkspacePath(string Given, string Relative, string FullPath, IReadOnlyList<string> Components)
{
    /// <summary>The path of the entry <paramref name="name"/> inside this directory.</summary>
    public WorkspacePath Child(string name)
    {
        var relative = Relative == "." ? name : $"{Relative}/{name}";
        return new WorkspacePath(relative, relative, System.IO.Path.Combine(FullPath, name), [.. Components, name]);
    }
}
