namespace Agent42.Core.Plugins.Loading;

/// <summary>Why a tool could not be created.</summary>
internal enum ToolActivationFailure
{
    /// <summary>It was created.</summary>
    None,

    /// <summary>The type is not a concrete Tool, or has no public constructor.</summary>
    NotActivatable,

    /// <summary>A constructor parameter asks for something Agent42 cannot give.</summary>
    UnmetParameter,

    /// <summary>The constructor threw.</summary>
    ConstructorThrew,
}
