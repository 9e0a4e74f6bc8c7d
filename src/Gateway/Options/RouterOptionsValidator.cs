using Microsoft.Extensions.Options;

namespace Router.Gateway.Options;

/// <summary>Rejects node settings that cannot work, naming the setting, so that start-up stops.</summary>
internal sealed class RouterOptionsValidator : IValidateOptions<RouterOptions>
{
    private const string ProviderKey = RouterStorageOptions.SectionName + ":" + nameof(RouterStorageOptions.Provider);
    private const string ConnectionStringKey = RouterStorageOptions.SectionName + ":" + nameof(RouterStorageOptions.ConnectionString);
    private const string DataDirectoryKey = RouterOptions.SectionName + ":" + nameof(RouterOptions.DataDirectory);
    private const string ClusterIdKey = RouterClusterOptions.SectionName + ":" + nameof(RouterClusterOptions.Id);
    private const string InternalPortKey = RouterClusterOptions.SectionName + ":" + nameof(RouterClusterOptions.InternalPort);

    public ValidateOptionsResult Validate(string? name, RouterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var storage = options.Storage ?? new RouterStorageOptions();
        switch (StorageProviderNames.Normalize(storage.Provider))
        {
            case StorageProviderNames.Sqlite when string.IsNullOrWhiteSpace(storage.ConnectionString) && string.IsNullOrWhiteSpace(options.DataDirectory):
                failures.Add($"{DataDirectoryKey} must not be empty when {ProviderKey} is '{StorageProviderNames.Sqlite}' and {ConnectionStringKey} is not set.");
                break;
            case StorageProviderNames.Postgres when string.IsNullOrWhiteSpace(storage.ConnectionString):
                failures.Add($"{ConnectionStringKey} is required when {ProviderKey} is '{StorageProviderNames.Postgres}' (an Npgsql connection string, for example 'Host=127.0.0.1;Database=router;Username=router').");
                break;
            case null:
                failures.Add($"{ProviderKey} '{storage.Provider}' is not supported; allowed values: {string.Join(", ", StorageProviderNames.All)}.");
                break;
        }

        var clusterId = options.Cluster?.Id;
        if (string.IsNullOrEmpty(clusterId) || clusterId.Length > 100 || !clusterId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            failures.Add($"{ClusterIdKey} '{clusterId}' is not a valid cluster id: use letters, digits, '.', '_' and '-', at most 100 characters.");
        }

        if (options.Cluster is { InternalPort: < 1 or > 65535 } cluster)
        {
            failures.Add($"{InternalPortKey} {cluster.InternalPort} is not a port: use 1 to 65535 (other nodes must know it before this one starts, so 0 is not allowed).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
