using System.Globalization;
using Microsoft.Data.Sqlite;
using Router.Abstractions.Events;
using Router.Silo.Streams;

namespace Router.Silo.Storage;

/// <summary>
/// The event log of <see cref="SqliteGrainStorage"/>: table <c>event_log</c>, whose <c>AUTOINCREMENT</c> key never
/// reuses a sequence number, even after every row is deleted (SQLite keeps the high-water mark in
/// <c>sqlite_sequence</c>). Writers are serialized by SQLite, so sequences commit in order. Only appends made through
/// this instance wake its waiters; a waiter also checks the file once when it starts.
/// </summary>
internal sealed partial class SqliteGrainStorage : IEventLog
{
    private const string CreateEventTableSql = """
        CREATE TABLE IF NOT EXISTS event_log (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            type TEXT NOT NULL,
            mcp_id TEXT NOT NULL,
            instance_id TEXT,
            version TEXT,
            time TEXT NOT NULL,
            data BLOB NOT NULL
        )
        """;

    private const string AppendSql = """
        INSERT INTO event_log (type, mcp_id, instance_id, version, time, data)
        VALUES ($type, $mcp_id, $instance_id, $version, $time, $data)
        RETURNING sequence
        """;

    private const string ReadEventsSql = """
        SELECT sequence, type, mcp_id, instance_id, version, time, data
        FROM event_log WHERE sequence > $after ORDER BY sequence LIMIT $max
        """;

    private const string LastSequenceSql = "SELECT seq FROM sqlite_sequence WHERE name = 'event_log'";

    private const string BoundsSql = $"SELECT (SELECT min(sequence) FROM event_log), ({LastSequenceSql})";

    private const string ReadStatesSql = """
        SELECT grain_key, payload, version FROM grain_state
        WHERE grain_type = $type AND state_name = $state ORDER BY grain_key
        """;

    // Deletes a prefix only, so what remains stays gap-free: the age cut ends at the first event that is not older
    // than the cutoff, the count cut keeps the newest $max_events, and the last event always stays. Times are
    // stored as UTC round-trip strings, which sort chronologically.
    private const string TrimSql = """
        WITH last AS (SELECT max(sequence) AS value FROM event_log),
             young AS (SELECT sequence FROM event_log WHERE time >= $older_than ORDER BY sequence LIMIT 1)
        DELETE FROM event_log WHERE sequence < (
            SELECT min(last.value, max(coalesce((SELECT sequence FROM young), last.value), last.value - $max_events + 1))
            FROM last)
        """;

    private readonly EventAppendSignal _appended = new();

    public async Task<long> AppendAsync(IReadOnlyList<EventDraft> events, CancellationToken cancellationToken = default)
    {
        EventDraftGuard.ThrowIfInvalid(events);
        if (events.Count == 0)
        {
            return 0;
        }

        long first;
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = connection.BeginTransaction(deferred: false);
                await using (transaction.ConfigureAwait(false))
                {
                    first = await InsertEventsAsync(connection, transaction, events, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _writeGate.Release();
        }

        SignalAppended(first, events.Count);
        return first;
    }

    public async Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = ReadEventsSql;
            command.Parameters.AddWithValue("$after", afterSequence);
            command.Parameters.AddWithValue("$max", maxCount);
            var events = new List<LoggedEvent>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    events.Add(new LoggedEvent(
                        reader.GetInt64(0),
                        reader.GetString(1),
                        reader.GetString(2),
                        reader.IsDBNull(3) ? null : reader.GetString(3),
                        reader.IsDBNull(4) ? null : reader.GetString(4),
                        DateTimeOffset.ParseExact(reader.GetString(5), "O", CultureInfo.InvariantCulture, DateTimeStyles.None),
                        reader.GetFieldValue<byte[]>(6)));
                }
            }

            return events;
        }
    }

    public async Task<EventLogBounds> GetBoundsAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = BoundsSql;
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return new EventLogBounds(reader.IsDBNull(0) ? 0 : reader.GetInt64(0), reader.IsDBNull(1) ? 0 : reader.GetInt64(1));
            }
        }
    }

    public async Task<StateSnapshot> ReadStatesAsync(string grainType, string stateName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(grainType);
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // A deferred transaction's first read fixes its WAL snapshot; both reads below see that one snapshot.
            var transaction = connection.BeginTransaction(deferred: true);
            await using (transaction.ConfigureAwait(false))
            {
                var sequence = await ReadLastSequenceAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = ReadStatesSql;
                command.Parameters.AddWithValue("$type", grainType);
                command.Parameters.AddWithValue("$state", stateName);
                var states = new List<StateSnapshotEntry>();
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        states.Add(new StateSnapshotEntry(reader.GetString(0), reader.GetFieldValue<byte[]>(1), GrainStateVersion.Format(reader.GetInt64(2))));
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new StateSnapshot(sequence, states);
            }
        }
    }

    public async Task<long> TrimAsync(DateTimeOffset olderThan, long maxEvents, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxEvents);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var command = connection.CreateCommand();
                command.CommandText = TrimSql;
                command.Parameters.AddWithValue("$older_than", FormatTime(olderThan));
                command.Parameters.AddWithValue("$max_events", maxEvents);
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task WaitForAppendAsync(long afterSequence, CancellationToken cancellationToken = default) =>
        _appended.WaitAsync(afterSequence, ReadLastSequenceAsync, cancellationToken);

    /// <inheritdoc />
    public long LastKnownSequence => _appended.Last;

    /// <summary>Inserts <paramref name="events"/> in the caller's write transaction; returns the first sequence, or 0 for none.</summary>
    private static async Task<long> InsertEventsAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<EventDraft> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = AppendSql;
        var type = command.Parameters.Add("$type", SqliteType.Text);
        var mcpId = command.Parameters.Add("$mcp_id", SqliteType.Text);
        var instanceId = command.Parameters.Add("$instance_id", SqliteType.Text);
        var version = command.Parameters.Add("$version", SqliteType.Text);
        var time = command.Parameters.Add("$time", SqliteType.Text);
        var data = command.Parameters.Add("$data", SqliteType.Blob);
        var first = 0L;
        foreach (var draft in events)
        {
            type.Value = draft.Type;
            mcpId.Value = draft.McpId;
            instanceId.Value = (object?)draft.InstanceId ?? DBNull.Value;
            version.Value = (object?)draft.Version ?? DBNull.Value;
            time.Value = FormatTime(draft.Time);
            data.Value = draft.Data;
            var sequence = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            if (first == 0)
            {
                first = sequence;
            }
        }

        return first;
    }

    private async Task<long> ReadLastSequenceAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadLastSequenceAsync(connection, transaction: null, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<long> ReadLastSequenceAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = LastSequenceSql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long last ? last : 0;
    }

    /// <summary>UTC in the round-trip format: fixed width, so the text sorts chronologically.</summary>
    private static string FormatTime(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Wakes this instance's waiters once a write of <paramref name="count"/> events starting at <paramref name="first"/> has committed.</summary>
    private void SignalAppended(long first, int count)
    {
        if (count > 0)
        {
            _appended.Advance(first + count - 1);
        }
    }
}
