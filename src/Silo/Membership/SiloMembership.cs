using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Router.Silo.Membership;

/// <summary>
/// The silo's membership over its life: the runtime joins through it when it starts (after its storage), a timer on the
/// silo's clock runs a membership round every <see cref="MembershipOptions.RenewPeriod"/>, and the runtime leaves
/// through it when it stops (shutting down, handing its activations over, dead). A silo found declared dead by others
/// rejoins as a new generation on the next round, after deactivating what it held.
/// </summary>
internal sealed class SiloMembership : IClusterMembershipView, IAsyncDisposable
{
    private readonly IMembershipTable _table;
    private readonly MembershipOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _round = new(1, 1);
    private ITimer? _timer;
    private Func<CancellationToken, Task>? _dropActivations;
    private volatile bool _leaving;
    private int _disposed;
    private long _servingUntil = long.MinValue;

    public SiloMembership(IMembershipTable table, string advertisedAddress, IOptions<MembershipOptions> options, TimeProvider time, ILogger<SiloMembership> logger)
    {
        _table = table;
        _options = options.Value;
        _time = time;
        _logger = logger;
        Agent = new MembershipAgent(table, advertisedAddress, _options, time, logger);
    }

    public MembershipAgent Agent { get; }

    /// <summary>Raised after a round in which this silo declared other silos dead (their grains may be taken over).</summary>
    public event Action<IReadOnlyList<MembershipEntry>>? SilosDeclaredDead;

    public string? SiloId => Agent.SiloId;

    public MembershipSnapshot? Snapshot => Agent.View;

    /// <summary>
    /// Whether grain calls may run here now (else they fail with <see cref="Router.Abstractions.Grains.SiloUnavailableException"/>):
    /// checked on every call, so it is one timestamp comparison.
    /// </summary>
    public bool IsServing => _time.GetTimestamp() <= Volatile.Read(ref _servingUntil);

    /// <summary>
    /// Creates the table if needed and joins. <paramref name="dropActivations"/> deactivates everything the silo holds;
    /// it runs before the silo rejoins after another silo declared it dead (its grains may live elsewhere by then).
    /// </summary>
    public async Task StartAsync(Func<CancellationToken, Task> dropActivations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dropActivations);
        _dropActivations = dropActivations;
        await _table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var started = _time.GetTimestamp();
        await Agent.JoinAsync(cancellationToken).ConfigureAwait(false);
        Extend(started);
        _timer = _time.CreateTimer(static state => _ = ((SiloMembership)state!).RunRoundAsync(skipIfBusy: true), this, _options.RenewPeriod, _options.RenewPeriod);
    }

    /// <summary>
    /// Leaves gracefully; <paramref name="handOver"/> runs while the silo is shutting down. The hand-over runs even when
    /// the table cannot be reached: the silo's row then goes stale and the others declare it dead.
    /// </summary>
    public async Task StopAsync(Func<CancellationToken, Task> handOver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handOver);
        _leaving = true;
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        await _round.WaitAsync(cancellationToken).ConfigureAwait(false);
        var handedOver = false;
        try
        {
            await Agent.LeaveAsync(
                async token =>
                {
                    handedOver = true;
                    await handOver(token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
        {
            MembershipLog.LeaveFailed(_logger, e, Agent.SiloId ?? Agent.Address);
            if (!handedOver)
            {
                await handOver(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Volatile.Write(ref _servingUntil, long.MinValue);
            _round.Release();
        }
    }

    /// <summary>
    /// One round. The timer skips a round while the previous one still runs (the table is slow); others (tests on a fake
    /// clock) wait for it and then run theirs.
    /// </summary>
    public async Task RunRoundAsync(bool skipIfBusy = false)
    {
        if (!skipIfBusy)
        {
            await _round.WaitAsync().ConfigureAwait(false);
        }
        else if (!await _round.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            var started = _time.GetTimestamp();
            var round = await Agent.TickAsync().ConfigureAwait(false);
            if (round.Renewed)
            {
                Extend(started);
            }

            if (round.DeclaredDead.Count > 0)
            {
                SilosDeclaredDead?.Invoke(round.DeclaredDead);
            }
            else if (!_leaving && (round.DeclaredDeadBySomeoneElse || Agent.Status is not (MembershipStatus.Active or MembershipStatus.ShuttingDown)))
            {
                // Declared dead now, or earlier with the rejoin failing part-way (the table was away): rejoin until it
                // works. A row a failed attempt left behind is superseded by the next generation on this address.
                Volatile.Write(ref _servingUntil, long.MinValue);
                if (_dropActivations is not null)
                {
                    await _dropActivations(CancellationToken.None).ConfigureAwait(false);
                }

                started = _time.GetTimestamp();
                await Agent.JoinAsync().ConfigureAwait(false);
                Extend(started);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A round that fails (rejoining while the table is away) is retried by the next one; fencing covers the gap.
            MembershipLog.RenewFailed(_logger, e, Agent.SiloId ?? Agent.Address);
        }
        finally
        {
            _round.Release();
        }
    }

    /// <summary>
    /// Stops the rounds and releases the table without leaving: the silo's row stays as it was and goes stale, as a
    /// crashed silo's would (tests kill silos this way).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        // A round the timer started may still be running; let it finish (it is bounded by the database's command
        // timeout) rather than pull the semaphore and the table out from under it.
        if (await _round.WaitAsync(TimeSpan.FromSeconds(35)).ConfigureAwait(false))
        {
            _round.Dispose();
        }

        if (_table is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Serving until the fence timeout after <paramref name="renewedNoEarlierThan"/> (a timestamp of the silo's clock).</summary>
    private void Extend(long renewedNoEarlierThan) =>
        Volatile.Write(ref _servingUntil, renewedNoEarlierThan + (long)(_options.FenceTimeout.TotalSeconds * _time.TimestampFrequency));
}
