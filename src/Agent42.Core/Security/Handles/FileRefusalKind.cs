namespace Agent42.Core.Security.Handles;

/// <summary>Why a file operation did not happen, which decides how it is reported.</summary>
internal enum FileRefusalKind
{
    /// <summary>The path leads outside the workspace, through a link or mount, or to something that is not a plain file.</summary>
    Violation,

    /// <summary>The path is one of Agent42's own files; the reason is the full refusal naming the rule and its setting.</summary>
    OwnFile,

    /// <summary>Nothing is there.</summary>
    NotFound,

    /// <summary>A directory where a file was wanted, or the other way round.</summary>
    WrongType,

    /// <summary>The operating system refused or failed.</summary>
    Io,
}
