namespace Router.Grains.Registry;

/// <summary>The persisted state of a connection registry grain.</summary>
public sealed class RegistryState
{
    /// <summary>The live instances by id.</summary>
    public SortedDictionary<string, InstanceRecord> Instances { get; set; } = new(StringComparer.Ordinal);
}
