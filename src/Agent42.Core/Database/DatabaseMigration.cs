namespace Agent42.Core.Database;

/// <summary>One step of the schema: applied once, in version order, inside the migration transaction. Never edited once shipped.</summary>
internal sealed record DatabaseMigration(int Version, string Description, string Sql);
