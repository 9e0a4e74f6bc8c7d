using System.Data;
using Npgsql;
using NpgsqlTypes;
using Router.Abstractions.Events;
using Router.Silo.Streams;

namespace Router.Silo.Storage;

/// <summary>
/// The event log of <see cref="PostgresGrainStorage"/> (see <see cref="PostgresEventLogSql"/> for the tables).
/// Appends announce their last sequence number on a channel when they commit, so waiters in every process sharing
/// the database wake up; see <see cref="PostgresEventListener"/>.
/// </summary>
internal sealed partial class PostgresGrainStorage : IEventLog
{
    public async Task<long> AppendAsync(IReadOnlyList<EventDraft> events, CancellationToken cancellationToken = default)
    {
        EventDraftGuard.ThrowIfInvalid(events);
        if (events.Count == 0)
        {
            return 0;
        }

        // One statement: the counter update and the inserts commit together without an explicit transaction.
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        long last;
        await using (connection.ConfigureAwait(false))
        {
            last = await AppendAsync(connection, transaction: null, events, cancellationToken).ConfigureAwait(false);
        }

        _appended.Advance(last);
        return last - events.Count + 1;
    }

    public async Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        var command = _dataSource.CreateCommand(_eventSql.Read);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<long>("after", NpgsqlDbType.Bigint) { TypedValue = afterSequence });
            command.Parameters.Add(new NpgsqlParameter<int>("max", NpgsqlDbType.Integer) { TypedValue = maxCount });
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
                        reader.GetFieldValue<DateTimeOffset>(5),
                        reader.GetFieldValue<byte[]>(6)));
                }
            }

            return events;
        }
    }

    public async Task<EventLogBounds> GetBoundsAsync(CancellationToken cancellationToken = default)
    {
        var command = _dataSource.CreateCommand(_eventSql.Bounds);
        await using (command.ConfigureAwait(false))
        {
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
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // REPEATABLE READ: every statement of the transaction sees the snapshot its first one took, so the
            // counter and the states agree (each state write with events updates both in one transaction).
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var batch = new NpgsqlBatch(connection, transaction);
                await using (batch.ConfigureAwait(false))
                {
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("SET TRANSACTION READ ONLY"));
                    batch.BatchCommands.Add(new NpgsqlBatchCommand(_eventSql.LastSequence));
                    var states = new NpgsqlBatchCommand(_eventSql.ReadStates);
                    states.Parameters.Add(new NpgsqlParameter<string>("type", NpgsqlDbType.Text) { TypedValue = grainType });
                    states.Parameters.Add(new NpgsqlParameter<string>("state", NpgsqlDbType.Text) { TypedValue = stateName });
                    batch.BatchCommands.Add(states);

                    long sequence;
                    var entries = new List<StateSnapshotEntry>();
                    var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                        sequence = reader.GetInt64(0);
                        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            entries.Add(new StateSnapshotEntry(reader.GetString(0), reader.GetFieldValue<byte[]>(1), GrainStateVersion.Format(reader.GetInt64(2))));
                        }
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return new StateSnapshot(sequence, entries);
                }
            }
        }
    }

    public async Task<long> TrimAsync(DateTimeOffset olderThan, long maxEvents, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxEvents);
        var command = _dataSource.CreateCommand(_eventSql.Trim);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("older_than", NpgsqlDbType.TimestampTz) { TypedValue = olderThan.ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter<long>("max_events", NpgsqlDbType.Bigint) { TypedValue = maxEvents });
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task WaitForAppendAsync(long afterSequence, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        _listener.EnsureStarted();
        return _appended.WaitAsync(afterSequence, ReadLastSequenceAsync, cancellationToken);
    }

    public long LastKnownSequence => _appended.Last;

    /// <summary>Appends in the caller's transaction (or as one statement without one) and returns the last sequence number.</summary>
    private async Task<long> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<EventDraft> events, CancellationToken cancellationToken)
    {
        var count = events.Count;
        var types = new string[count];
        var mcpIds = new string[count];
        var instanceIds = new string?[count];
        var versions = new string?[count];
        var times = new DateTime[count];
        var data = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var draft = events[i];
            types[i] = draft.Type;
            mcpIds[i] = draft.McpId;
            instanceIds[i] = draft.InstanceId;
            versions[i] = draft.Version;
            times[i] = draft.Time.UtcDateTime;
            data[i] = draft.Data;
        }

        var command = new NpgsqlCommand(_eventSql.Append, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<long>("count", NpgsqlDbType.Bigint) { TypedValue = count });
            command.Parameters.Add(new NpgsqlParameter<string[]>("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = types });
            command.Parameters.Add(new NpgsqlParameter<string[]>("mcp_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = mcpIds });
            command.Parameters.Add(new NpgsqlParameter<string?[]>("instance_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = instanceIds });
            command.Parameters.Add(new NpgsqlParameter<string?[]>("versions", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = versions });
            command.Parameters.Add(new NpgsqlParameter<DateTime[]>("times", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = times });
            command.Parameters.Add(new NpgsqlParameter<byte[][]>("data", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = data });
            command.Parameters.Add(new NpgsqlParameter<string>("channel", NpgsqlDbType.Text) { TypedValue = _eventSql.Channel });
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    private async Task<long> ReadLastSequenceAsync(CancellationToken cancellationToken)
    {
        var command = _dataSource.CreateCommand(_eventSql.LastSequence);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long last ? last : 0;
        }
    }
}
