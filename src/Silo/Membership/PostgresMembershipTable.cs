using Npgsql;
using NpgsqlTypes;
using Router.Silo.Storage;

namespace Router.Silo.Membership;

/// <summary>
/// The membership table in PostgreSQL, shared by every silo of every cluster using the database: one row per silo in
/// <c>{table}</c> and one version row per cluster in <c>{table}_version</c>. A status change runs in one transaction:
/// the version row is bumped only if it still holds the expected version (which locks it, so concurrent changers queue
/// and all but the first find it changed), then the silo's row is changed only if it still has the expected ETag.
/// </summary>
/// <remarks>
/// Times are the silos' own (<see cref="TimeProvider"/>), not the database's: staleness compares one silo's renewal
/// with another's clock, as Orleans' membership does, so clocks are assumed to agree to well within the death timeout.
/// </remarks>
internal sealed class PostgresMembershipTable : IMembershipTable, IAsyncDisposable
{
    /// <summary>The default table name.</summary>
    public const string DefaultTableName = "router_membership";

    private const string Columns = "silo_id, address, generation, start_time, status, i_am_alive, etag";

    /// <summary>The longest a membership statement, or opening a connection for one, may take.</summary>
    private const int MaxWaitSeconds = 5;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _clusterId;
    private readonly string _table;

    public PostgresMembershipTable(string connectionString, string clusterId, string table = DefaultTableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        if (!PostgresGrainStorageOptionsValidator.IsValidTableName(table) || table.Length > 55)
        {
            throw new ArgumentException($"'{table}' is not a valid membership table name.", nameof(table));
        }

        // Membership statements are tiny. A database that stops answering (packets silently dropped) must fail a round
        // within a few seconds, not hold it for Npgsql's default 15 s connect and 30 s command timeouts: the next round
        // could not start meanwhile, so unfencing and declaring others dead would wait for it.
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.Timeout = Bounded(builder.ConnectionStringBuilder.Timeout);
        builder.ConnectionStringBuilder.CommandTimeout = Bounded(builder.ConnectionStringBuilder.CommandTimeout);
        _dataSource = builder.Build();
        _clusterId = clusterId;
        _table = table;
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) =>
        PostgresSchema.CreateAsync(
            _dataSource,
            [new($"router_membership_schema:{_table}", $"""
                    CREATE TABLE IF NOT EXISTS {_table}_version (
                        cluster_id text PRIMARY KEY,
                        version bigint NOT NULL
                    );
                    CREATE TABLE IF NOT EXISTS {_table} (
                        cluster_id text NOT NULL,
                        silo_id text NOT NULL,
                        address text NOT NULL,
                        generation bigint NOT NULL,
                        start_time timestamptz NOT NULL,
                        status smallint NOT NULL,
                        i_am_alive timestamptz NOT NULL,
                        etag bigint NOT NULL,
                        PRIMARY KEY (cluster_id, silo_id)
                    );
                    INSERT INTO {_table}_version (cluster_id, version) VALUES (@cluster, 0) ON CONFLICT (cluster_id) DO NOTHING;
                    """)],
            new Dictionary<string, object> { ["cluster"] = _clusterId },
            cancellationToken);

    public Task<MembershipSnapshot> ReadAsync(CancellationToken cancellationToken = default) =>
        RetryOnceAsync(ReadOnceAsync, cancellationToken);

    private async Task<MembershipSnapshot> ReadOnceAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One statement, so the rows and the version are of one moment.
            await using var command = new NpgsqlCommand(
                $"SELECT v.version, {string.Join(", ", Columns.Split(", ").Select(c => "m." + c))} FROM {_table}_version v LEFT JOIN {_table} m ON m.cluster_id = v.cluster_id WHERE v.cluster_id = @cluster",
                connection);
            command.Parameters.AddWithValue("cluster", _clusterId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var entries = new List<MembershipEntry>();
            long? version = null;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                version = reader.GetInt64(0);
                if (!reader.IsDBNull(1))
                {
                    entries.Add(new MembershipEntry(
                        reader.GetString(1),
                        reader.GetString(2),
                        reader.GetInt64(3),
                        reader.GetFieldValue<DateTimeOffset>(4),
                        (MembershipStatus)reader.GetInt16(5),
                        reader.GetFieldValue<DateTimeOffset>(6),
                        reader.GetInt64(7)));
                }
            }

            return new MembershipSnapshot(entries, version ?? throw new InvalidOperationException($"The membership table has no version row for cluster '{_clusterId}'; initialize it first."));
        }
    }

    public Task<bool> TryInsertAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ChangeAsync(
            expectedVersion,
            $"""
            INSERT INTO {_table} (cluster_id, {Columns})
            VALUES (@cluster, @silo, @address, @generation, @start, @status, @alive, 1)
            ON CONFLICT (cluster_id, silo_id) DO NOTHING
            """,
            entry,
            cancellationToken);
    }

    public Task<bool> TryUpdateAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ChangeAsync(
            expectedVersion,
            $"""
            UPDATE {_table} SET address = @address, generation = @generation, start_time = @start, status = @status, i_am_alive = @alive, etag = etag + 1
            WHERE cluster_id = @cluster AND silo_id = @silo AND etag = @etag
            """,
            entry,
            cancellationToken);
    }

    public Task<bool> RenewAsync(string siloId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        RetryOnceAsync(token => RenewOnceAsync(siloId, now, token), cancellationToken);

    private async Task<bool> RenewOnceAsync(string siloId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = new NpgsqlCommand(
                $"UPDATE {_table} SET i_am_alive = @alive WHERE cluster_id = @cluster AND silo_id = @silo AND status <> @dead", connection);
            command.Parameters.AddWithValue("cluster", _clusterId);
            command.Parameters.AddWithValue("silo", siloId);
            command.Parameters.AddWithValue("alive", NpgsqlDbType.TimestampTz, now.ToUniversalTime());
            command.Parameters.AddWithValue("dead", (short)MembershipStatus.Dead);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    /// <summary>A timeout in seconds, at most <see cref="MaxWaitSeconds"/> (0, Npgsql's "no limit", included).</summary>
    private static int Bounded(int seconds) => seconds is > 0 and < MaxWaitSeconds ? seconds : MaxWaitSeconds;

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>
    /// Runs an idempotent operation, again once if it failed transiently: after PostgreSQL restarts, every idle pooled
    /// connection fails on its next use, and a membership round should not be lost to that.
    /// </summary>
    private static async Task<T> RetryOnceAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e) when (e.IsTransient && !cancellationToken.IsCancellationRequested)
        {
            return await operation(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> ChangeAsync(long expectedVersion, string sql, MembershipEntry entry, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var bumped = await ExecuteAsync(
                    connection, transaction, $"UPDATE {_table}_version SET version = version + 1 WHERE cluster_id = @cluster AND version = @expected",
                    cancellationToken, ("cluster", _clusterId), ("expected", expectedVersion));
                if (bumped != 1)
                {
                    return false;
                }

                await using var command = new NpgsqlCommand(sql, connection, transaction);
                command.Parameters.AddWithValue("cluster", _clusterId);
                command.Parameters.AddWithValue("silo", entry.SiloId);
                command.Parameters.AddWithValue("address", entry.Address);
                command.Parameters.AddWithValue("generation", entry.Generation);
                command.Parameters.AddWithValue("start", NpgsqlDbType.TimestampTz, entry.StartTime.ToUniversalTime());
                command.Parameters.AddWithValue("status", (short)entry.Status);
                command.Parameters.AddWithValue("alive", NpgsqlDbType.TimestampTz, entry.IAmAlive.ToUniversalTime());
                command.Parameters.AddWithValue("etag", entry.Etag);
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    return false;
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
    }

    private static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
