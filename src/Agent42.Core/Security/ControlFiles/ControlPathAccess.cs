namespace Agent42.Core.Security.ControlFiles;

/// <summary>What the model's tools may do with one of Agent42's own paths.</summary>
internal enum ControlPathAccess
{
    /// <summary>Neither read nor written: it holds secrets or the state Agent42 learns from.</summary>
    None,

    /// <summary>Read, never written: writing it would change what Agent42 runs.</summary>
    ReadOnly,
}
