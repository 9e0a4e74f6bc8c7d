using System.Diagnostics;

namespace Router.EndToEnd.Tests.Fixtures;

/// <summary>
/// Steady load: every agent calls <c>echo</c> back to back, one call at a time, until stopped, and every finished call is
/// recorded. At most one call per agent is in flight, so the agent count bounds the calls in flight at any moment.
/// </summary>
internal sealed class EchoLoad
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly Lock _gate = new();
    private readonly List<EchoCall> _calls = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;

    private EchoLoad(IReadOnlyList<IEchoAgent> agents) => _loops = [.. agents.Select(agent => Task.Run(() => RunAsync(agent)))];

    public int Agents => _loops.Length;

    public static EchoLoad Start(IReadOnlyList<IEchoAgent> agents) => new(agents);

    /// <summary>The calls finished so far.</summary>
    public IReadOnlyList<EchoCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Waits until the finished calls satisfy <paramref name="condition"/>; throws with <paramref name="describe"/> on timeout.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<EchoCall>, bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition(Calls))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Load condition not met within {timeout}: {describe()}");
            }

            if (_loops.FirstOrDefault(l => l.IsFaulted) is { } faulted)
            {
                await faulted;
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Lets every call in flight finish (none is cancelled), then returns every call made; stopping again does no harm.</summary>
    public async Task<IReadOnlyList<EchoCall>> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        return Calls;
    }

    private async Task RunAsync(IEchoAgent agent)
    {
        for (var sequence = 0; !_stop.IsCancellationRequested; sequence++)
        {
            var started = Stopwatch.GetTimestamp();
            var failure = await agent.EchoAsync($"{agent.Name}-{sequence}");
            var call = new EchoCall(agent.Name, started, Stopwatch.GetTimestamp(), failure);
            lock (_gate)
            {
                _calls.Add(call);
            }
        }
    }
}
