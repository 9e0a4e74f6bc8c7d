using Microsoft.Extensions.Options;

namespace Router.Silo.Storage;

/// <summary>Checks a named <see cref="SqliteGrainStorageOptions"/>; the name is the storage provider's.</summary>
internal sealed class SqliteGrainStorageOptionsValidator : IValidateOptions<SqliteGrainStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteGrainStorageOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"Grain storage '{name}' (SQLite): SqliteGrainStorageOptions.ConnectionString is required.");
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            failures.Add($"Grain storage '{name}' (SQLite): SqliteGrainStorageOptions.BusyTimeout must be between zero and {int.MaxValue} ms, not {options.BusyTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
