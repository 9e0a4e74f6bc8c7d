namespace Router.Silo.Placement;

/// <summary>
/// An activation lost the directory race: another silo's activation of the grain was registered first. The activation
/// goes away without running anything; the calls that waited for it are sent to <see cref="Owner"/>.
/// </summary>
internal sealed class GrainMovedException(GrainAddress owner)
    : Exception($"The grain {owner.GrainId} is activated on silo {owner.SiloId}.")
{
    public GrainAddress Owner { get; } = owner;
}
