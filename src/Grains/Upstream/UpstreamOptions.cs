namespace Router.Grains.Upstream;

/// <summary>How an <see cref="UpstreamPool"/> balances, times out and breaks circuits.</summary>
internal sealed class UpstreamOptions
{
    /// <summary>Consecutive failures that open a replica's circuit. Default 5.</summary>
    public int FailureThreshold { get; set; } = 5;

    /// <summary>How long an open circuit rejects calls before letting one probe through. Default 30 seconds.</summary>
    public TimeSpan OpenDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest a call may take, connecting included. Default 60 seconds.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest opening a TCP connection to a replica may take. Default 10 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The MCP protocol version to pin with every replica; null (the default) lets the client negotiate
    /// (it probes 2026-07-28 and falls back to the initialize handshake).
    /// </summary>
    public string? ProtocolVersion { get; set; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(FailureThreshold, 1, nameof(FailureThreshold));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(OpenDuration, TimeSpan.Zero, nameof(OpenDuration));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CallTimeout, TimeSpan.Zero, nameof(CallTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
    }
}
