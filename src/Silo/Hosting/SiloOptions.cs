namespace Router.Silo.Hosting;

/// <summary>Runtime settings of a silo. Bound from <c>Router:Silo</c> by the gateway.</summary>
public sealed class SiloOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Router:Silo";

    /// <summary>How long an activation may stay idle before it is collected. Default 15 minutes.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Idle collection ages for particular grain types (by grain type name, e.g. <c>mcpinstance</c>), overriding both
    /// <see cref="CollectionAge"/> and a class's <c>[CollectionAgeLimit]</c>. Empty by default.
    /// </summary>
    public Dictionary<string, TimeSpan> ClassSpecificCollectionAge { get; } = new(StringComparer.Ordinal);

    /// <summary>How often the idle collector runs. Default 1 minute.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The most activations the silo keeps; past it, the least recently used idle, unpinned activations are
    /// deactivated. 0 means no cap. Default 100,000 (about 75 MB of small idle activations): it bounds what
    /// calls for arbitrary keys can activate, and never touches busy or pinned activations.
    /// </summary>
    public int MaxActivations { get; set; } = 100_000;

    /// <summary>How long a call may wait for its turn before it fails with a timeout. Default 30 seconds.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long activation and deactivation may take before they are abandoned. Default 30 seconds.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Serialize every local call's arguments and result as a call to another node would. Off by default;
    /// tests turn it on to prove that every grain call can cross nodes.
    /// </summary>
    public bool SerializeLocalCalls { get; set; }

    /// <summary>The storage provider used by persistent state that names none. Default "Default".</summary>
    public string DefaultStorageName { get; set; } = "Default";
}
