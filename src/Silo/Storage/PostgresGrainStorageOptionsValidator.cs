using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Router.Silo.Storage;

/// <summary>Checks a named <see cref="PostgresGrainStorageOptions"/>; the name is the storage provider's.</summary>
internal sealed partial class PostgresGrainStorageOptionsValidator : IValidateOptions<PostgresGrainStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresGrainStorageOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"Grain storage '{name}' (PostgreSQL): PostgresGrainStorageOptions.ConnectionString is required.");
        }

        if (!IsValidTableName(options.TableName))
        {
            failures.Add($"Grain storage '{name}' (PostgreSQL): PostgresGrainStorageOptions.TableName '{options.TableName}' must be a lower-case SQL identifier (a-z, 0-9, _; at most 63 characters, not starting with a digit).");
        }

        if (!IsValidEventTableName(options.EventTableName))
        {
            failures.Add($"Grain storage '{name}' (PostgreSQL): PostgresGrainStorageOptions.EventTableName '{options.EventTableName}' must be a lower-case SQL identifier (a-z, 0-9, _; at most {MaxEventTableNameLength} characters, not starting with a digit).");
        }
        else if (string.Equals(options.EventTableName, options.TableName, StringComparison.Ordinal))
        {
            failures.Add($"Grain storage '{name}' (PostgreSQL): PostgresGrainStorageOptions.EventTableName must differ from TableName ('{options.TableName}').");
        }

        if (options.EventPollInterval <= TimeSpan.Zero || options.EventPollInterval > MaxEventPollInterval)
        {
            failures.Add($"Grain storage '{name}' (PostgreSQL): PostgresGrainStorageOptions.EventPollInterval must be a positive time span of at most {MaxEventPollInterval} (was {options.EventPollInterval}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The longest event table name: with <see cref="PostgresEventLogSql.CounterTableSuffix"/> (8 characters) appended
    /// it must still fit PostgreSQL's 63-character identifiers.
    /// </summary>
    public const int MaxEventTableNameLength = 55;

    /// <summary>The longest <see cref="PostgresGrainStorageOptions.EventPollInterval"/> a timer accepts.</summary>
    private static readonly TimeSpan MaxEventPollInterval = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>The event table name is spliced into SQL and names a derived table, so it is shorter than a table name may be.</summary>
    public static bool IsValidEventTableName(string? tableName) => IsValidTableName(tableName) && tableName!.Length <= MaxEventTableNameLength;

    /// <summary>The table name is spliced into SQL, so only plain identifiers that need no quoting are allowed.</summary>
    public static bool IsValidTableName(string? tableName) => tableName is not null && TableNamePattern().IsMatch(tableName);

    [GeneratedRegex(@"^[a-z_][a-z0-9_]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TableNamePattern();
}
