using Microsoft.Extensions.Logging;

namespace Router.Silo.Diagnostics;

/// <summary>Every event id the silo (runtime and storage providers) logs with, in one list.</summary>
internal static class SiloEventIds
{
    public static readonly EventId SiloStarting = new(1000, nameof(SiloStarting));
    public static readonly EventId SiloStarted = new(1001, nameof(SiloStarted));
    public static readonly EventId SiloStopping = new(1002, nameof(SiloStopping));
    public static readonly EventId SiloStopped = new(1003, nameof(SiloStopped));
    public static readonly EventId ActivationFailed = new(1100, nameof(ActivationFailed));
    public static readonly EventId DeactivationFailed = new(1101, nameof(DeactivationFailed));
    public static readonly EventId StateWriteOnDeactivationFailed = new(1102, nameof(StateWriteOnDeactivationFailed));
    public static readonly EventId InconsistentState = new(1103, nameof(InconsistentState));
    public static readonly EventId WorkItemFailed = new(1104, nameof(WorkItemFailed));
    public static readonly EventId TimerTickFailed = new(1105, nameof(TimerTickFailed));
    public static readonly EventId CallTimedOut = new(1106, nameof(CallTimedOut));
    public static readonly EventId Deactivated = new(1107, nameof(Deactivated));
    public static readonly EventId IdleCollection = new(1200, nameof(IdleCollection));
    public static readonly EventId CapacityEviction = new(1201, nameof(CapacityEviction));
    public static readonly EventId StorageInitialized = new(1600, nameof(StorageInitialized));
    public static readonly EventId WriteConflict = new(1601, nameof(WriteConflict));
    public static readonly EventId ClearConflict = new(1602, nameof(ClearConflict));
    public static readonly EventId DatabaseDirectoryCreated = new(1603, nameof(DatabaseDirectoryCreated));
    public static readonly EventId EventsTrimmed = new(1610, nameof(EventsTrimmed));
    public static readonly EventId EventTrimFailed = new(1611, nameof(EventTrimFailed));
    public static readonly EventId EventListenerConnected = new(1612, nameof(EventListenerConnected));
    public static readonly EventId EventListenerFailed = new(1613, nameof(EventListenerFailed));
    public static readonly EventId EventPollFailed = new(1614, nameof(EventPollFailed));
    public static readonly EventId MembershipJoined = new(1700, nameof(MembershipJoined));
    public static readonly EventId SiloSuperseded = new(1701, nameof(SiloSuperseded));
    public static readonly EventId SiloDeclaredDead = new(1702, nameof(SiloDeclaredDead));
    public static readonly EventId MembershipRenewFailed = new(1703, nameof(MembershipRenewFailed));
    public static readonly EventId SiloFenced = new(1704, nameof(SiloFenced));
    public static readonly EventId SiloUnfenced = new(1705, nameof(SiloUnfenced));
    public static readonly EventId DeclaredDeadByOthers = new(1706, nameof(DeclaredDeadByOthers));
    public static readonly EventId MembershipLeft = new(1707, nameof(MembershipLeft));
    public static readonly EventId MembershipLeaveFailed = new(1708, nameof(MembershipLeaveFailed));
    public static readonly EventId DirectoryInitialized = new(1800, nameof(DirectoryInitialized));
    public static readonly EventId ActivationLostRace = new(1801, nameof(ActivationLostRace));
    public static readonly EventId DirectoryTakeover = new(1802, nameof(DirectoryTakeover));
    public static readonly EventId DirectoryUnregisterFailed = new(1803, nameof(DirectoryUnregisterFailed));
    public static readonly EventId DeadSiloEntriesRemoved = new(1804, nameof(DeadSiloEntriesRemoved));
    public static readonly EventId DeadSiloEntriesFailed = new(1805, nameof(DeadSiloEntriesFailed));
}
