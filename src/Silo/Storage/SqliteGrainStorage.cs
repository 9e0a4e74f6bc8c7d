using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Router.Abstractions.Events;
using Router.Abstractions.Grains;
using Router.Silo.Streams;

namespace Router.Silo.Storage;

/// <summary>
/// Grain storage and event log in a SQLite database file (tables <c>grain_state</c> and <c>event_log</c>, WAL
/// journal). Connections come from Microsoft.Data.Sqlite's pool; writes from this instance go one at a time so they
/// never contend for SQLite's single write lock among themselves, while other processes' writers wait up to the busy
/// timeout. A write is one conditional statement (so the ETag check and the change are atomic) in an immediate
/// transaction together with the events it appends.
/// </summary>
internal sealed partial class SqliteGrainStorage : IGrainStorage, IDisposable
{
    private const string CreateTableSql = """
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_type TEXT NOT NULL,
            grain_key TEXT NOT NULL,
            state_name TEXT NOT NULL,
            payload BLOB NOT NULL,
            version INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name)
        )
        """;

    private const string KeyPredicate = "grain_type = $type AND grain_key = $key AND state_name = $state";

    private const string ReadSql = $"SELECT payload, version FROM grain_state WHERE {KeyPredicate}";

    private const string ReadVersionSql = $"SELECT version FROM grain_state WHERE {KeyPredicate}";

    private const string InsertSql = """
        INSERT INTO grain_state (grain_type, grain_key, state_name, payload, version, updated_at)
        VALUES ($type, $key, $state, $payload, $version, $now)
        ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING
        """;

    private const string UpdateSql = $"UPDATE grain_state SET payload = $payload, version = $version, updated_at = $now WHERE {KeyPredicate} AND version = $expected";

    private const string DeleteSql = $"DELETE FROM grain_state WHERE {KeyPredicate} AND version = $expected";

    private readonly string _name;
    private readonly string _connectionString;
    private readonly string _dataSource;
    private readonly string _busyTimeoutPragma;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public SqliteGrainStorage(string name, SqliteGrainStorageOptions options, TimeProvider timeProvider, ILogger<SqliteGrainStorage> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString, "options.ConnectionString");
        _name = name;
        _connectionString = options.ConnectionString;
        _dataSource = new SqliteConnectionStringBuilder(_connectionString).DataSource;
        _busyTimeoutPragma = $"PRAGMA busy_timeout = {((long)options.BusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}";
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        CreateDirectoryIfMissing();
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // WAL is a property of the database file: setting it again is a no-op.
                await ExecuteAsync(connection, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, CreateTableSql, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, CreateEventTableSql, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeGate.Release();
        }

        StorageLog.StorageInitialized(_logger, _name, "SQLite", _dataSource);
    }

    public async Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken = default)
    {
        GrainStorageGuard.ThrowIfInvalid(grainId, stateName);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = CreateCommand(connection, ReadSql, grainId, stateName);
            return await GrainStateReader.ReadSingleAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken = default) =>
        (await WriteWithEventsAsync(grainId, stateName, payload, expectedEtag, [], cancellationToken).ConfigureAwait(false)).Etag;

    public async Task<StateWriteResult> WriteWithEventsAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, IReadOnlyList<EventDraft> events, CancellationToken cancellationToken = default)
    {
        GrainStorageGuard.ThrowIfInvalid(grainId, stateName);
        EventDraftGuard.ThrowIfInvalid(events);
        string? storedEtag;
        StateWriteResult? result = null;
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // BEGIN IMMEDIATE: takes the write lock now, so the state write and the appends commit together.
                var transaction = connection.BeginTransaction(deferred: false);
                await using (transaction.ConfigureAwait(false))
                {
                    if (GrainStateVersion.TryParseExpected(expectedEtag, out var expected))
                    {
                        var version = expected is { } current ? current + 1 : GrainStateVersion.NewInitial();
                        using var command = CreateCommand(connection, expected is null ? InsertSql : UpdateSql, grainId, stateName);
                        command.Transaction = transaction;
                        command.Parameters.AddWithValue("$payload", payload.ToArray());
                        command.Parameters.AddWithValue("$version", version);
                        command.Parameters.AddWithValue("$now", _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
                        if (expected is not null)
                        {
                            command.Parameters.AddWithValue("$expected", expected.Value);
                        }

                        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                        {
                            var first = await InsertEventsAsync(connection, transaction, events, cancellationToken).ConfigureAwait(false);
                            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                            result = new StateWriteResult(GrainStateVersion.Format(version), first);
                        }
                    }

                    storedEtag = result is null
                        ? await ReadEtagAsync(connection, transaction, grainId, stateName, cancellationToken).ConfigureAwait(false)
                        : null;
                }
            }
        }
        finally
        {
            _writeGate.Release();
        }

        if (result is not null)
        {
            SignalAppended(result.FirstSequence, events.Count);
            return result;
        }

        StorageLog.WriteConflict(_logger, _name, grainId.ToString(), stateName, storedEtag, expectedEtag);
        throw GrainStateVersion.WriteConflict(_name, grainId, stateName, storedEtag, expectedEtag);
    }

    public async Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        GrainStorageGuard.ThrowIfInvalid(grainId, stateName);
        string? storedEtag;
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                if (GrainStateVersion.TryParse(expectedEtag, out var expected))
                {
                    using var command = CreateCommand(connection, DeleteSql, grainId, stateName);
                    command.Parameters.AddWithValue("$expected", expected);
                    if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                    {
                        return;
                    }
                }

                storedEtag = await ReadEtagAsync(connection, transaction: null, grainId, stateName, cancellationToken).ConfigureAwait(false);
                if (storedEtag is null && expectedEtag is null)
                {
                    return;
                }
            }
        }
        finally
        {
            _writeGate.Release();
        }

        StorageLog.ClearConflict(_logger, _name, grainId.ToString(), stateName, storedEtag, expectedEtag);
        throw GrainStateVersion.ClearConflict(_name, grainId, stateName, storedEtag, expectedEtag);
    }

    public async Task CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await ExecuteAsync(connection, "SELECT 1", cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        // Closes this database's idle pooled connections, which releases the file (tests delete it afterwards).
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _writeGate.Dispose();
        _appended.Dispose();
    }

    private void CreateDirectoryIfMissing()
    {
        var builder = new SqliteConnectionStringBuilder(_connectionString);
        if (builder.Mode == SqliteOpenMode.Memory
            || string.IsNullOrEmpty(builder.DataSource)
            || builder.DataSource == ":memory:"
            || builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
            StorageLog.DatabaseDirectoryCreated(_logger, _name, directory);
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // busy_timeout is per connection; a pooled connection may be new, so set it on every open.
            await ExecuteAsync(connection, _busyTimeoutPragma, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<string?> ReadEtagAsync(SqliteConnection connection, SqliteTransaction? transaction, GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        using var command = CreateCommand(connection, ReadVersionSql, grainId, stateName);
        command.Transaction = transaction;
        var version = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return version is long value ? GrainStateVersion.Format(value) : null;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static SqliteCommand CreateCommand(SqliteConnection connection, string sql, GrainId grainId, string stateName)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$type", grainId.Type);
        command.Parameters.AddWithValue("$key", grainId.Key);
        command.Parameters.AddWithValue("$state", stateName);
        return command;
    }
}
