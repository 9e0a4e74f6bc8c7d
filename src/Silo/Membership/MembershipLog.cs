using Microsoft.Extensions.Logging;
using Router.Silo.Diagnostics;

namespace Router.Silo.Membership;

/// <summary>The membership's log messages (event ids in <see cref="SiloEventIds"/>).</summary>
internal static partial class MembershipLog
{
    [LoggerMessage(EventId = 1700, EventName = nameof(SiloEventIds.MembershipJoined), Level = LogLevel.Information, Message = "Silo {SiloId} joined the cluster")]
    public static partial void Joined(ILogger logger, string siloId);

    [LoggerMessage(EventId = 1701, EventName = nameof(SiloEventIds.SiloSuperseded), Level = LogLevel.Information, Message = "Silo {SiloId} marked dead: superseded by {NewSiloId} on the same address")]
    public static partial void SiloSuperseded(ILogger logger, string siloId, string newSiloId);

    [LoggerMessage(EventId = 1702, EventName = nameof(SiloEventIds.SiloDeclaredDead), Level = LogLevel.Warning, Message = "Silo {SiloId} declared dead: its row was not renewed for {Stale} (declared by {DeclaredBy})")]
    public static partial void DeclaredDead(ILogger logger, string siloId, TimeSpan stale, string declaredBy);

    [LoggerMessage(EventId = 1703, EventName = nameof(SiloEventIds.MembershipRenewFailed), Level = LogLevel.Warning, Message = "Silo {SiloId} could not reach the membership table")]
    public static partial void RenewFailed(ILogger logger, Exception exception, string siloId);

    [LoggerMessage(EventId = 1704, EventName = nameof(SiloEventIds.SiloFenced), Level = LogLevel.Error, Message = "Silo {SiloId} stops serving grain calls: it has not renewed its membership for {Since}")]
    public static partial void Fenced(ILogger logger, string siloId, TimeSpan since);

    [LoggerMessage(EventId = 1705, EventName = nameof(SiloEventIds.SiloUnfenced), Level = LogLevel.Information, Message = "Silo {SiloId} renewed its membership and serves grain calls again")]
    public static partial void Unfenced(ILogger logger, string siloId);

    [LoggerMessage(EventId = 1706, EventName = nameof(SiloEventIds.DeclaredDeadByOthers), Level = LogLevel.Error, Message = "Silo {SiloId} was declared dead by another silo; it serves nothing until it rejoins as a new generation")]
    public static partial void DeclaredDeadByOthers(ILogger logger, string siloId);

    [LoggerMessage(EventId = 1707, EventName = nameof(SiloEventIds.MembershipLeft), Level = LogLevel.Information, Message = "Silo {SiloId} left the cluster")]
    public static partial void Left(ILogger logger, string siloId);

    [LoggerMessage(EventId = 1708, EventName = nameof(SiloEventIds.MembershipLeaveFailed), Level = LogLevel.Warning, Message = "Silo {SiloId} could not record its leaving in the membership table; the others will declare it dead")]
    public static partial void LeaveFailed(ILogger logger, Exception exception, string siloId);
}
