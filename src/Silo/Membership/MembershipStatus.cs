namespace Router.Silo.Membership;

/// <summary>Where a silo is in its life, as the membership table records it. Stored as its number; never renumber.</summary>
public enum MembershipStatus
{
    /// <summary>Inserted, not yet serving.</summary>
    Joining = 1,

    /// <summary>Serving grain calls and renewing its row.</summary>
    Active = 2,

    /// <summary>Leaving gracefully: handing its grains over, taking no new ones.</summary>
    ShuttingDown = 3,

    /// <summary>Gone: left, superseded by a restart, or declared dead by another silo. Final for this generation.</summary>
    Dead = 4,
}
