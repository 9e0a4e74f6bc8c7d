namespace Router.Silo.Placement;

/// <summary>What a call that may cross silos carries along: how many times it was forwarded, and which silo ran it.</summary>
/// <param name="hops">How many silos forwarded it before this one.</param>
internal sealed class RemoteCallContext(int hops)
{
    public int Hops { get; } = hops;

    /// <summary>The silo whose activation ran the call, once it ran: callers fix their directory cache with it.</summary>
    public string? ServedBy { get; set; }
}
