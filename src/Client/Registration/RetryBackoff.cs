namespace Router.Client.Registration;

/// <summary>
/// Delays between retries: about 1 s, doubling per failed attempt up to a cap, with "equal jitter" (each delay is
/// drawn from the upper half of its nominal value) so that many servers cut off by one router restart do not all
/// come back in the same instant.
/// </summary>
internal sealed class RetryBackoff(TimeSpan maximum, Random random)
{
    /// <summary>The nominal delay after the first failure.</summary>
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);

    /// <summary>The delay after failed attempt number <paramref name="attempt"/> (1 for the first failure).</summary>
    public TimeSpan Next(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var nominalSeconds = Math.Min(maximum.TotalSeconds, Initial.TotalSeconds * Math.Pow(2, Math.Min(attempt - 1, 30)));
        return TimeSpan.FromSeconds(nominalSeconds * (0.5 + (0.5 * random.NextDouble())));
    }

    /// <summary>A heartbeat delay: <paramref name="interval"/> ±10 %, so replicas started together spread out.</summary>
    public TimeSpan Jitter(TimeSpan interval) => interval * (0.9 + (0.2 * random.NextDouble()));
}
