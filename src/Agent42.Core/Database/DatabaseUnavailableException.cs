namespace Agent42.Core.Database;

/// <summary>
/// The configured database could not be used: unreachable, refused the login, missing, or on a schema this Agent42
/// cannot work with. The message is one line naming host, port, database, user and the reason, never the password.
/// The files store is never used in its place.
/// </summary>
internal sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
