using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Router.Abstractions.Events;
using Router.Abstractions.Grains;
using Router.Silo.Streams;

namespace Router.Silo.Storage;

/// <summary>
/// Grain storage and event log in PostgreSQL tables shared by every node of the cluster. Every state write is one
/// conditional statement (<c>INSERT … ON CONFLICT DO NOTHING</c> or <c>UPDATE … WHERE version = @expected</c>), so of
/// several writers holding the same ETag exactly one changes the row; a write with events runs that statement and
/// the append in one transaction.
/// </summary>
internal sealed partial class PostgresGrainStorage : IGrainStorage, IAsyncDisposable, IDisposable
{
    private const string KeyPredicate = "grain_type = @type AND grain_key = @key AND state_name = @state";

    private readonly string _name;
    private readonly string _tableName;
    private readonly string _location;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly string _createTableSql;
    private readonly string _readSql;
    private readonly string _readVersionSql;
    private readonly string _insertSql;
    private readonly string _updateSql;
    private readonly string _deleteSql;
    private readonly PostgresEventLogSql _eventSql;
    private readonly EventAppendSignal _appended = new();
    private readonly PostgresEventListener _listener;
    private int _disposed;

    public PostgresGrainStorage(string name, PostgresGrainStorageOptions options, TimeProvider timeProvider, ILogger<PostgresGrainStorage> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString, "options.ConnectionString");
        if (!PostgresGrainStorageOptionsValidator.IsValidTableName(options.TableName))
        {
            throw new ArgumentException($"'{options.TableName}' is not a valid table name.", "options.TableName");
        }

        if (!PostgresGrainStorageOptionsValidator.IsValidEventTableName(options.EventTableName) || options.EventTableName == options.TableName)
        {
            throw new ArgumentException($"'{options.EventTableName}' is not a valid event table name.", "options.EventTableName");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.EventPollInterval, TimeSpan.Zero, "options.EventPollInterval");
        _name = name;
        _logger = logger;
        _tableName = options.TableName;
        _eventSql = new PostgresEventLogSql(options.EventTableName, options.TableName);
        var table = options.TableName;
        _createTableSql = $"""
            CREATE TABLE IF NOT EXISTS {table} (
                grain_type text NOT NULL,
                grain_key text NOT NULL,
                state_name text NOT NULL,
                payload bytea NOT NULL,
                version bigint NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (grain_type, grain_key, state_name)
            )
            """;
        _readSql = $"SELECT payload, version FROM {table} WHERE {KeyPredicate}";
        _readVersionSql = $"SELECT version FROM {table} WHERE {KeyPredicate}";
        _insertSql = $"""
            INSERT INTO {table} (grain_type, grain_key, state_name, payload, version, updated_at)
            VALUES (@type, @key, @state, @payload, @version, now())
            ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING
            """;
        _updateSql = $"UPDATE {table} SET payload = @payload, version = @version, updated_at = now() WHERE {KeyPredicate} AND version = @expected";
        _deleteSql = $"DELETE FROM {table} WHERE {KeyPredicate} AND version = @expected";

        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        _location = $"{builder.ConnectionStringBuilder.Host}:{builder.ConnectionStringBuilder.Port}/{builder.ConnectionStringBuilder.Database}/{table}";
        _dataSource = builder.Build();
        _listener = new PostgresEventListener(options.ConnectionString, _eventSql, name, _appended, ReadLastSequenceAsync, options.EventPollInterval, timeProvider, logger);
    }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await PostgresSchema.CreateAsync(
            _dataSource,
            [
                new($"router_grain_state_schema:{_tableName}", _createTableSql),
                new($"router_event_log_schema:{_eventSql.Channel}", _eventSql.CreateTables),
            ],
            parameters: null,
            cancellationToken).ConfigureAwait(false);

        StorageLog.StorageInitialized(_logger, _name, "PostgreSQL", _location);
    }

    public async Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken = default)
    {
        GrainStorageGuard.ThrowIfInvalid(grainId, stateName);
        var command = CreateCommand(_dataSource, _readSql, grainId, stateName);
        await using (command.ConfigureAwait(false))
        {
            return await GrainStateReader.ReadSingleAsync(command, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken = default) =>
        (await WriteWithEventsAsync(grainId, stateName, payload, expectedEtag, [], cancellationToken).ConfigureAwait(false)).Etag;

    public async Task<StateWriteResult> WriteWithEventsAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, IReadOnlyList<EventDraft> events, CancellationToken cancellationToken = default)
    {
        GrainStorageGuard.ThrowIfInvalid(grainId, stateName);
        EventDraftGuard.ThrowIfInvalid(events);
        if (GrainStateVersion.TryParseExpected(expectedEtag, out var expected))
        {
            var version = expected is { } current ? current + 1 : GrainStateVersion.NewInitial();
            var etag = GrainStateVersion.Format(version);
            var sql = expected is null ? _insertSql : _updateSql;
            if (events.Count == 0)
            {
                var command = CreateCommand(_dataSource, sql, grainId, stateName);
                await using (command.ConfigureAwait(false))
                {
                    AddWriteParameters(command, payload, version, expected);
                    if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                    {
                        return new StateWriteResult(etag, 0);
                    }
                }
            }
            else
            {
                var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await using (transaction.ConfigureAwait(false))
                    {
                        // The state row first: the counter row, which every appender queues on, is then locked only
                        // for the insert and the commit.
                        var command = CreateCommand(connection, transaction, sql, grainId, stateName);
                        await using (command.ConfigureAwait(false))
                        {
                            AddWriteParameters(command, payload, version, expected);
                            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                            {
                                var last = await AppendAsync(connection, transaction, events, cancellationToken).ConfigureAwait(false);
                                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                                _appended.Advance(last);
                                return new StateWriteResult(etag, last - events.Count + 1);
                            }
                        }
                    }
                }
            }
        }

        var storedEtag = await ReadEtagAsync(grainId, stateName, cancellationToken).ConfigureAwait(false);
        StorageLog.WriteConflict(_logger, _name, grainId.ToString(), stateName, storedEtag, expectedEtag);
        throw GrainStateVersion.WriteConflict(_name, grainId, stateName, storedEtag, expectedEtag);
    }

    public async Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken = default)
    {
        GrainStorageGuard.ThrowIfInvalid(grainId, stateName);
        if (GrainStateVersion.TryParse(expectedEtag, out var expected))
        {
            var command = CreateCommand(_dataSource, _deleteSql, grainId, stateName);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.Add(new NpgsqlParameter<long>("expected", NpgsqlDbType.Bigint) { TypedValue = expected });
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                {
                    return;
                }
            }
        }

        var storedEtag = await ReadEtagAsync(grainId, stateName, cancellationToken).ConfigureAwait(false);
        if (storedEtag is null && expectedEtag is null)
        {
            return;
        }

        StorageLog.ClearConflict(_logger, _name, grainId.ToString(), stateName, storedEtag, expectedEtag);
        throw GrainStateVersion.ClearConflict(_name, grainId, stateName, storedEtag, expectedEtag);
    }

    public async Task CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        var command = _dataSource.CreateCommand("SELECT 1");
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _appended.Dispose();
        await _listener.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Disposes without waiting for the listener's background task, which ends on its own once cancelled.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _appended.Dispose();
        _ = _listener.DisposeAsync().AsTask();
        _dataSource.Dispose();
    }

    private async Task<string?> ReadEtagAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        var command = CreateCommand(_dataSource, _readVersionSql, grainId, stateName);
        await using (command.ConfigureAwait(false))
        {
            var version = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return version is long value ? GrainStateVersion.Format(value) : null;
        }
    }

    private static void AddWriteParameters(NpgsqlCommand command, ReadOnlyMemory<byte> payload, long version, long? expected)
    {
        command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>("payload", NpgsqlDbType.Bytea) { TypedValue = payload });
        command.Parameters.Add(new NpgsqlParameter<long>("version", NpgsqlDbType.Bigint) { TypedValue = version });
        if (expected is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<long>("expected", NpgsqlDbType.Bigint) { TypedValue = expected.Value });
        }
    }

    private static NpgsqlCommand CreateCommand(NpgsqlDataSource dataSource, string sql, GrainId grainId, string stateName) =>
        AddKey(dataSource.CreateCommand(sql), grainId, stateName);

    private static NpgsqlCommand CreateCommand(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, GrainId grainId, string stateName) =>
        AddKey(new NpgsqlCommand(sql, connection, transaction), grainId, stateName);

    private static NpgsqlCommand AddKey(NpgsqlCommand command, GrainId grainId, string stateName)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("type", NpgsqlDbType.Text) { TypedValue = grainId.Type });
        command.Parameters.Add(new NpgsqlParameter<string>("key", NpgsqlDbType.Text) { TypedValue = grainId.Key });
        command.Parameters.Add(new NpgsqlParameter<string>("state", NpgsqlDbType.Text) { TypedValue = stateName });
        return command;
    }
}
