namespace Router.Silo.Storage;

/// <summary>
/// The SQL of <see cref="PostgresGrainStorage"/>'s event log over the validated table names
/// <paramref name="eventTable"/> and <paramref name="stateTable"/>.
/// </summary>
/// <remarks>
/// Sequence numbers come from the one row of <c>&lt;eventTable&gt;_counter</c>, incremented inside the appending
/// transaction. Concurrent appenders queue on that row lock and so commit in sequence order: a reader never sees
/// sequence N+1 while N is still uncommitted, which a <c>bigserial</c> (values handed out before commit) cannot
/// promise. The counter also keeps the high-water mark when every event is trimmed.
/// </remarks>
internal sealed class PostgresEventLogSql(string eventTable, string stateTable)
{
    public const string CounterTableSuffix = "_counter";

    /// <summary>The LISTEN/NOTIFY channel appends are announced on: the event table's name.</summary>
    public string Channel { get; } = eventTable;

    public string CreateTables { get; } = $"""
        CREATE TABLE IF NOT EXISTS {eventTable} (
            sequence bigint PRIMARY KEY,
            type text NOT NULL,
            mcp_id text NOT NULL,
            instance_id text,
            version text,
            time timestamptz NOT NULL,
            data bytea NOT NULL
        );
        CREATE TABLE IF NOT EXISTS {eventTable}{CounterTableSuffix} (
            id boolean PRIMARY KEY DEFAULT true CHECK (id),
            value bigint NOT NULL
        );
        INSERT INTO {eventTable}{CounterTableSuffix} (id, value) VALUES (true, 0) ON CONFLICT (id) DO NOTHING
        """;

    /// <summary>
    /// Takes <c>@count</c> sequence numbers, inserts the events given as parallel arrays, queues a notification
    /// (delivered when the transaction commits) and returns the last sequence number.
    /// </summary>
    public string Append { get; } = $"""
        WITH counter AS (
            UPDATE {eventTable}{CounterTableSuffix} SET value = value + @count RETURNING value
        ), inserted AS (
            INSERT INTO {eventTable} (sequence, type, mcp_id, instance_id, version, time, data)
            SELECT counter.value - @count + e.ordinal, e.type, e.mcp_id, e.instance_id, e.version, e.time, e.data
            FROM counter, unnest(@types, @mcp_ids, @instance_ids, @versions, @times, @data)
                WITH ORDINALITY AS e(type, mcp_id, instance_id, version, time, data, ordinal)
        )
        SELECT counter.value, pg_notify(@channel, counter.value::text) FROM counter
        """;

    public string Read { get; } = $"""
        SELECT sequence, type, mcp_id, instance_id, version, time, data
        FROM {eventTable} WHERE sequence > @after ORDER BY sequence LIMIT @max
        """;

    public string LastSequence { get; } = $"SELECT value FROM {eventTable}{CounterTableSuffix}";

    /// <summary>One statement, so one snapshot.</summary>
    public string Bounds { get; } = $"SELECT (SELECT min(sequence) FROM {eventTable}), (SELECT value FROM {eventTable}{CounterTableSuffix})";

    public string ReadStates { get; } = $"""
        SELECT grain_key, payload, version FROM {stateTable}
        WHERE grain_type = @type AND state_name = @state ORDER BY grain_key
        """;

    /// <summary>
    /// Deletes a prefix only, so what remains stays gap-free: the age cut ends at the first event that is not older
    /// than the cutoff, the count cut keeps the newest <c>@max_events</c>, and the last event always stays.
    /// </summary>
    public string Trim { get; } = $"""
        WITH last AS (SELECT max(sequence) AS value FROM {eventTable}),
             young AS (SELECT sequence FROM {eventTable} WHERE time >= @older_than ORDER BY sequence LIMIT 1)
        DELETE FROM {eventTable} WHERE sequence < (
            SELECT least(last.value, greatest(coalesce((SELECT sequence FROM young), last.value), last.value - @max_events + 1))
            FROM last)
        """;

    public string Listen { get; } = $"LISTEN {eventTable}";
}
