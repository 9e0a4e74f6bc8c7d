namespace Router.Abstractions.Persistence;

/// <summary>
/// Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/>: the runtime binds it
/// to the record <paramref name="stateName"/> of this grain in the storage provider <paramref name="storageName"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    /// <summary>The name of the state record (a grain may have several).</summary>
    public string StateName { get; } = stateName;

    /// <summary>The storage provider name; null for the default provider.</summary>
    public string? StorageName { get; } = storageName;
}
