using Npgsql;

namespace Router.Silo.Storage;

/// <summary>
/// Creates PostgreSQL tables at start-up, safely when several nodes start at once: concurrent
/// <c>CREATE TABLE IF NOT EXISTS</c> can still fail on the catalog's unique index, so each step runs under a
/// transaction-scoped advisory lock on its own name, all in one transaction.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>
    /// How long one statement may take, whatever the data source's own command timeout: a node may wait here while
    /// another node starting at the same time holds the lock.
    /// </summary>
    private const int CommandTimeoutSeconds = 60;

    /// <summary>One step: the advisory lock's name, and the statements to run holding it.</summary>
    public readonly record struct Step(string LockName, string Sql);

    /// <summary>Runs <paramref name="steps"/> in order in one transaction; <paramref name="parameters"/> are given to every statement.</summary>
    public static async Task CreateAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<Step> steps, IReadOnlyDictionary<string, object>? parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(steps);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                foreach (var step in steps)
                {
                    await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(@lock_name))", connection, transaction))
                    {
                        command.CommandTimeout = CommandTimeoutSeconds;
                        command.Parameters.AddWithValue("lock_name", step.LockName);
                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await using (var command = new NpgsqlCommand(step.Sql, connection, transaction))
                    {
                        command.CommandTimeout = CommandTimeoutSeconds;
                        foreach (var (name, value) in parameters ?? new Dictionary<string, object>())
                        {
                            command.Parameters.AddWithValue(name, value);
                        }

                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
