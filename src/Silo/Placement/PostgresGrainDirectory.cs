using Npgsql;
using Router.Abstractions.Grains;
using Router.Silo.Storage;

namespace Router.Silo.Placement;

/// <summary>
/// The grain directory in PostgreSQL: one row per registered grain of a cluster, keyed by the grain id. Registering is
/// <c>INSERT … ON CONFLICT DO NOTHING</c> (the first writer wins) and a takeover is an <c>UPDATE</c> conditioned on the
/// entry it replaces; a writer that lost reads the entry that stands in a statement of its own.
/// </summary>
internal sealed class PostgresGrainDirectory : IGrainDirectory, IAsyncDisposable
{
    /// <summary>The default table name.</summary>
    public const string DefaultTableName = "router_grain_directory";

    /// <summary>The most connections the directory holds open.</summary>
    public const int MaxPoolSize = 16;

    private const string KeyPredicate = "cluster_id = @cluster AND grain_type = @type AND grain_key = @key";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _clusterId;
    private readonly string _table;

    public PostgresGrainDirectory(string connectionString, string clusterId, string table = DefaultTableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        if (!PostgresGrainStorageOptionsValidator.IsValidTableName(table))
        {
            throw new ArgumentException($"'{table}' is not a valid directory table name.", nameof(table));
        }

        // Lookups of one grain are shared by the caller and activations register once each: a small pool is plenty, and
        // keeps a cluster of nodes well inside the server's connection limit.
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.MaxPoolSize = Math.Min(builder.ConnectionStringBuilder.MaxPoolSize, MaxPoolSize);
        _dataSource = builder.Build();
        _clusterId = clusterId;
        _table = table;
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) =>
        PostgresSchema.CreateAsync(
            _dataSource,
            [
                new($"router_directory_schema:{_table}", $"""
                    CREATE TABLE IF NOT EXISTS {_table} (
                        cluster_id text NOT NULL,
                        grain_type text NOT NULL,
                        grain_key text NOT NULL,
                        silo_id text NOT NULL,
                        activation_id text NOT NULL,
                        PRIMARY KEY (cluster_id, grain_type, grain_key)
                    );
                    CREATE INDEX IF NOT EXISTS {_table}_silo ON {_table} (cluster_id, silo_id);
                    """),
            ],
            parameters: null,
            cancellationToken);

    public async Task<GrainAddress> RegisterAsync(GrainAddress address, GrainAddress? previous = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (previous is not null && previous.GrainId != address.GrainId)
        {
            throw new ArgumentException("The entry to replace is another grain's.", nameof(previous));
        }

        var insert = $"""
            INSERT INTO {_table} (cluster_id, grain_type, grain_key, silo_id, activation_id)
            VALUES (@cluster, @type, @key, @silo, @activation)
            ON CONFLICT (cluster_id, grain_type, grain_key) DO NOTHING
            RETURNING silo_id, activation_id
            """;
        var sql = previous is null
            ? insert
            : $"""
              UPDATE {_table} SET silo_id = @silo, activation_id = @activation
              WHERE {KeyPredicate} AND silo_id = @previous_silo AND activation_id = @previous_activation
              RETURNING silo_id, activation_id
              """;
        for (var attempt = 0; attempt < 8; attempt++)
        {
            await using (var command = _dataSource.CreateCommand(sql))
            {
                AddKey(command, address.GrainId);
                command.Parameters.AddWithValue("silo", address.SiloId);
                command.Parameters.AddWithValue("activation", address.ActivationId);
                if (previous is not null)
                {
                    command.Parameters.AddWithValue("previous_silo", previous.SiloId);
                    command.Parameters.AddWithValue("previous_activation", previous.ActivationId);
                }

                if (await ReadAddressAsync(command, address.GrainId, cancellationToken).ConfigureAwait(false) is { } written)
                {
                    return written;
                }
            }

            // Lost: another writer's entry stands. It is read by a statement of its own, whose snapshot is taken after that
            // writer committed (the write above waited for it); a read in the same statement could still see the entry
            // that was replaced.
            if (await LookupAsync(address.GrainId, cancellationToken).ConfigureAwait(false) is { } standing)
            {
                return standing;
            }

            // The entry went away in between (its silo's entries were cleared): register afresh; the first writer wins.
            previous = null;
            sql = insert;
        }

        throw new InvalidOperationException($"The directory entry of {address.GrainId} kept changing while it was being registered.");
    }

    public async Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT silo_id, activation_id FROM {_table} WHERE {KeyPredicate}");
        AddKey(command, grainId);
        return await ReadAddressAsync(command, grainId, cancellationToken).ConfigureAwait(false);
    }

    public async Task UnregisterAsync(GrainAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        await using var command = _dataSource.CreateCommand($"DELETE FROM {_table} WHERE {KeyPredicate} AND silo_id = @silo AND activation_id = @activation");
        AddKey(command, address.GrainId);
        command.Parameters.AddWithValue("silo", address.SiloId);
        command.Parameters.AddWithValue("activation", address.ActivationId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> UnregisterSiloAsync(string siloId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(siloId);
        await using var command = _dataSource.CreateCommand($"DELETE FROM {_table} WHERE cluster_id = @cluster AND silo_id = @silo");
        command.Parameters.AddWithValue("cluster", _clusterId);
        command.Parameters.AddWithValue("silo", siloId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private void AddKey(NpgsqlCommand command, GrainId grainId)
    {
        command.Parameters.AddWithValue("cluster", _clusterId);
        command.Parameters.AddWithValue("type", grainId.Type);
        command.Parameters.AddWithValue("key", grainId.Key);
    }

    private static async Task<GrainAddress?> ReadAddressAsync(NpgsqlCommand command, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new GrainAddress(grainId, reader.GetString(0), reader.GetString(1))
            : null;
    }
}
