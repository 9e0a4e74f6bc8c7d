namespace Router.Silo.Membership;

/// <summary>What one membership round (<see cref="MembershipAgent.TickAsync"/>) did.</summary>
/// <param name="Renewed">This silo renewed its row.</param>
/// <param name="DeclaredDeadBySomeoneElse">This silo found its row dead: another silo declared it dead; it must rejoin as a new generation.</param>
/// <param name="DeclaredDead">The silos this one declared dead in the round (their grains may now activate elsewhere).</param>
internal sealed record MembershipRound(bool Renewed, bool DeclaredDeadBySomeoneElse, IReadOnlyList<MembershipEntry> DeclaredDead);
