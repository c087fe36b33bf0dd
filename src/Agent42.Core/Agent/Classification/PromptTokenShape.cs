namespace Agent42.Core.Agent.Classification;

/// <summary>What a word's spelling says about the task, apart from what it means.</summary>
internal enum PromptTokenShape : byte
{
    /// <summary>An ordinary word.</summary>
    Word,

    /// <summary>A code identifier: camelCase, PascalCase with an inner capital, or snake_case ("getUser", "parse_args").</summary>
    Identifier,

    /// <summary>A folder, written with its trailing slash ("src/"): the workspace.</summary>
    Folder,
}
