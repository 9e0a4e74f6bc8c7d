using Microsoft.Extensions.Logging;

namespace Router.Grains.Diagnostics;

/// <summary>Every event id the grains log with, in one list (range 2000–2999).</summary>
internal static class GrainsEventIds
{
    public static readonly EventId InstanceRegistered = new(2000, nameof(InstanceRegistered));
    public static readonly EventId InstanceRemoved = new(2001, nameof(InstanceRemoved));
    public static readonly EventId InstanceStatusChanged = new(2002, nameof(InstanceStatusChanged));
    public static readonly EventId RegistryRecovered = new(2003, nameof(RegistryRecovered));
}
