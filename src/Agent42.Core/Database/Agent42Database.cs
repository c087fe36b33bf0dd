using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace Agent42.Core.Database;

/// <summary>
/// The one connection pool of the process to the shared store. <see cref="OpenAsync"/> is what the stores use: on
/// the first connection of the process it also checks the schema (creating it in an empty database, refusing an
/// older or newer one with the command to run). Every failure to connect becomes one
/// <see cref="DatabaseUnavailableException"/> line; nothing falls back to the files store.
/// </summary>
internal sealed class Agent42Database : IAsyncDisposable, IDisposable
{
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaChecked;

    public Agent42Database(DatabaseTarget target)
    {
        Target = target;
        DataSource = NpgsqlDataSource.Create(target.ConnectionString);
    }

    public DatabaseTarget Target { get; }

    /// <summary>The pool itself, for the stores' commands; open connections through <see cref="OpenAsync"/>.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>An open connection on a schema this Agent42 knows (checked once per process).</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenUncheckedAsync(cancellationToken).ConfigureAwait(false);
        if (_schemaChecked)
        {
            return connection;
        }

        try
        {
            await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_schemaChecked)
                {
                    await DatabaseMigrations.EnsureUsableAsync(connection, this, cancellationToken).ConfigureAwait(false);
                    _schemaChecked = true;
                }
            }
            finally
            {
                _schemaGate.Release();
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The synchronous twin of <see cref="OpenAsync"/>, for stores behind a synchronous interface.</summary>
    public NpgsqlConnection Open() => OpenAsync().GetAwaiter().GetResult();

    /// <summary>An open connection without the schema check: for <c>db migrate</c> and <c>db status</c>.</summary>
    public async Task<NpgsqlConnection> OpenUncheckedAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or SocketException or InvalidOperationException or ArgumentException)
        {
            throw Unavailable(ex);
        }
    }

    /// <summary>
    /// Any failure of a statement, as the one-line error: host, port, database, user and the reason. Stores call
    /// this for an <see cref="NpgsqlException"/> they cannot handle so every command reports the database alike.
    /// </summary>
    public DatabaseUnavailableException Unavailable(Exception exception) =>
        exception as DatabaseUnavailableException ?? new(Scrub($"database {Target.Describe()}: {Reason(exception)}"), exception);

    /// <summary>A one-line error about this database that is not a connection failure (a schema mismatch).</summary>
    public DatabaseUnavailableException Refused(string reason) => new(Scrub($"database {Target.Describe()}: {reason}"));

    public void Dispose()
    {
        DataSource.Dispose();
        _schemaGate.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync().ConfigureAwait(false);
        _schemaGate.Dispose();
    }

    private string Reason(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: PostgresErrorCodes.InvalidPassword }:
                    return "the server refused the password";
                case PostgresException { SqlState: PostgresErrorCodes.InvalidAuthorizationSpecification } pg:
                    return $"the server refused the login ({OneLine(pg.MessageText)})";
                case PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName }:
                    return $"the database does not exist; create it first (e.g. createdb {Target.Database})";
                case PostgresException pg:
                    return $"{OneLine(pg.MessageText)} (SQLSTATE {pg.SqlState})";
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "connection refused (is PostgreSQL running and listening there?)";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return "the host name does not resolve";
                case SocketException socket:
                    return $"cannot connect ({OneLine(socket.Message)})";
                case TimeoutException:
                    return string.Create(CultureInfo.InvariantCulture, $"no answer within the connect time-out (AGENT42_DATABASE_CONNECT_TIMEOUT_SECONDS)");
            }
        }

        return OneLine(exception.Message);
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    // Npgsql does not put the password in its messages; this is the guarantee should any server or layer echo it.
    private string Scrub(string message)
    {
        var password = new NpgsqlConnectionStringBuilder(Target.ConnectionString).Password;
        return string.IsNullOrEmpty(password) ? message : message.Replace(password, "***", StringComparison.Ordinal);
    }
}
