namespace Agent42.Sdk;

/// <summary>Where a registered tool came from.</summary>
public enum ToolSource
{
    /// <summary>Shipped with Agent42.</summary>
    BuiltIn,

    /// <summary>Compiled from a file in the custom tools directory.</summary>
    Plugin,
}
