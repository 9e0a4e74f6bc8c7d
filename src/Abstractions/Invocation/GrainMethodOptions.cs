namespace Router.Abstractions.Invocation;

/// <summary>Scheduling options of a grain interface method.</summary>
[Flags]
public enum GrainMethodOptions
{
    /// <summary>A regular request.</summary>
    None = 0,

    /// <summary>The method carries <see cref="Grains.AlwaysInterleaveAttribute"/>.</summary>
    AlwaysInterleave = 1,

    /// <summary>The method carries <see cref="Grains.ReadOnlyAttribute"/>.</summary>
    ReadOnly = 2,
}
