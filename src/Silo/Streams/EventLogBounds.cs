namespace Router.Silo.Streams;

/// <summary>The extent of the event log.</summary>
/// <param name="FirstRetained">The oldest sequence number still stored, or 0 when the log is empty.</param>
/// <param name="Last">The newest sequence number ever appended (kept even when trimmed), or 0 when none was.</param>
public sealed record EventLogBounds(long FirstRetained, long Last);
