namespace Agent42.Core.Database;

/// <summary>What <c>agent42 db status</c> reports: where, whether it answers, the schema and how much it holds.</summary>
/// <param name="Url">The target with the password replaced by <c>***</c>.</param>
/// <param name="Error">The one-line reason it cannot be used (unreachable, or a newer schema); null when usable.</param>
/// <param name="SchemaVersion">The version applied, 0 for a database Agent42 has not set up; null when unreachable.</param>
/// <param name="Pending">Migrations this Agent42 would apply with <c>db migrate</c>.</param>
/// <param name="Outcomes">Rows in the outcome log; null when the table is not there yet.</param>
/// <param name="Tasks">Rows in the task queue; null when the table is not there yet.</param>
internal sealed record DatabaseStatus(
    string Url,
    string? Error,
    int? SchemaVersion,
    IReadOnlyList<DatabaseMigration> Pending,
    long? Outcomes,
    long? Tasks)
{
    public bool Reachable => SchemaVersion is not null;

    /// <summary>Reachable, on a schema this Agent42 may use (possibly after <c>db migrate</c>).</summary>
    public bool Usable => Error is null;

    public int LatestVersion => DatabaseMigrations.Latest;

    /// <summary>The schema is newer than this Agent42 knows: it must not write there.</summary>
    public bool Newer => SchemaVersion > LatestVersion;
}
