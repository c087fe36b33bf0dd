namespace Agent42.Core.Models.Research;

/// <summary>A model name a source used that no catalog model matched, kept so the alias table can grow.</summary>
internal sealed record UnmatchedName(string Source, string Name);
