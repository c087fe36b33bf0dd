namespace Agent42.Core.Plugins;

/// <summary>A compiled tool image and its PDB, as stored in the compile cache.</summary>
internal sealed record CachedImage(string Key, string AssemblyName, byte[] Image, byte[] Pdb);
