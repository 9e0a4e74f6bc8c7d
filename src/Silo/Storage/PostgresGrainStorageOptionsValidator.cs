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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The table name is spliced into SQL, so only plain identifiers that need no quoting are allowed.</summary>
    public static bool IsValidTableName(string? tableName) => tableName is not null && TableNamePattern().IsMatch(tableName);

    [GeneratedRegex(@"^[a-z_][a-z0-9_]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TableNamePattern();
}
