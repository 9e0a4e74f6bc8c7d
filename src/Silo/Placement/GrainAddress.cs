using Router.Abstractions.Grains;

namespace Router.Silo.Placement;

/// <summary>Where the one activation of a single-activation grain lives: the silo and the activation's own id.</summary>
/// <param name="GrainId">The grain.</param>
/// <param name="SiloId">The silo holding the activation (its membership identity, address and generation).</param>
/// <param name="ActivationId">The activation, unique across activations of the grain (a new one after each takeover).</param>
internal sealed record GrainAddress(GrainId GrainId, string SiloId, string ActivationId);
