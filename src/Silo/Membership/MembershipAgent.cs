using Microsoft.Extensions.Logging;

namespace Router.Silo.Membership;

/// <summary>
/// One silo's part in the cluster's membership: it joins (superseding an earlier generation on its address), renews its
/// row every <see cref="MembershipOptions.RenewPeriod"/> (<see cref="TickAsync"/>, driven by the host's timer or a test),
/// declares silos whose rows went stale past <see cref="MembershipOptions.DeathTimeout"/> dead, and leaves gracefully.
/// It fences itself: <see cref="IsServing"/> turns false when it has not renewed its row for
/// <see cref="MembershipOptions.FenceTimeout"/>, and true again once it has.
/// </summary>
/// <remarks>
/// Another silo's silence counts only from when this one could itself see the table (<c>_watchingSince</c>): after the
/// database was away for everyone, every row is stale, and the first silo back must not declare the others dead for a
/// silence it shared. They get the death timeout from its return to renew; one that really died is declared dead then.
/// </remarks>
internal sealed class MembershipAgent
{
    private const int ChangeAttempts = 30;

    private readonly IMembershipTable _table;
    private readonly MembershipOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private DateTimeOffset _lastRenewed;
    private DateTimeOffset _watchingSince;
    private bool _renewFailed;
    private bool _fenced;
    private MembershipEntry? _self;
    private MembershipSnapshot? _view;

    public MembershipAgent(IMembershipTable table, string address, MembershipOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _table = table;
        Address = address;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The address this silo advertises.</summary>
    public string Address { get; }

    /// <summary>This silo's identity in the table once it has joined; null before.</summary>
    public string? SiloId => _self?.SiloId;

    /// <summary>Where this silo is in its life, as this agent last wrote it.</summary>
    public MembershipStatus? Status => _self?.Status;

    /// <summary>The table as last read.</summary>
    public MembershipSnapshot? View => _view;

    /// <summary>
    /// Whether this silo may serve grain calls now: it is active, nobody declared it dead, and it renewed its row within
    /// <see cref="MembershipOptions.FenceTimeout"/>.
    /// </summary>
    public bool IsServing =>
        _self is { Status: MembershipStatus.Active } && _time.GetUtcNow() - _lastRenewed <= _options.FenceTimeout;

    /// <summary>
    /// Joins as a new generation: marks earlier generations on this address dead (a restart supersedes them), inserts
    /// this silo's row and makes it active. Call again after being declared dead to come back as a new generation.
    /// </summary>
    /// <exception cref="InvalidOperationException">The table kept changing under every attempt.</exception>
    public async Task JoinAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var joining = new MembershipEntry(MembershipEntry.IdOf(Address, now), Address, now.UtcTicks, now, MembershipStatus.Joining, now, Etag: 0);
        for (var attempt = 0; attempt < ChangeAttempts; attempt++)
        {
            var snapshot = await ReadAsync(cancellationToken).ConfigureAwait(false);
            var superseded = snapshot.Entries.FirstOrDefault(e => e.Address == Address && e.Status != MembershipStatus.Dead && e.Generation < joining.Generation);
            if (superseded is not null)
            {
                if (await _table.TryUpdateAsync(superseded with { Status = MembershipStatus.Dead }, snapshot.Version, cancellationToken).ConfigureAwait(false))
                {
                    MembershipLog.SiloSuperseded(_logger, superseded.SiloId, joining.SiloId);
                }

                continue;
            }

            if (await _table.TryInsertAsync(joining, snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                _self = joining with { Etag = 1 };
                _lastRenewed = now;
                _watchingSince = now;
                _renewFailed = false;
                await ChangeOwnStatusAsync(MembershipStatus.Active, cancellationToken).ConfigureAwait(false);
                _fenced = false;
                MembershipLog.Joined(_logger, joining.SiloId);
                return;
            }

            await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"Could not join the cluster as {joining.SiloId}: the membership table kept changing.");
    }

    /// <summary>
    /// One round: renews this silo's row, reads the table and declares stale silos dead. Never throws for the table being
    /// unreachable (that is what fencing is for); the result says what happened.
    /// </summary>
    public async Task<MembershipRound> TickAsync(CancellationToken cancellationToken = default)
    {
        if (_self is not { Status: MembershipStatus.Active or MembershipStatus.ShuttingDown } self)
        {
            return new MembershipRound(Renewed: false, DeclaredDeadBySomeoneElse: false, []);
        }

        var now = _time.GetUtcNow();
        bool renewed;
        try
        {
            renewed = await _table.RenewAsync(self.SiloId, now, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTableFailure(e, cancellationToken))
        {
            MembershipLog.RenewFailed(_logger, e, self.SiloId);
            _renewFailed = true;
            UpdateFencing();
            return new MembershipRound(Renewed: false, DeclaredDeadBySomeoneElse: false, []);
        }

        if (!renewed)
        {
            // Another silo declared this one dead: its grains may already live elsewhere. Only a new generation may serve.
            MembershipLog.DeclaredDeadByOthers(_logger, self.SiloId);
            _self = self with { Status = MembershipStatus.Dead };
            return new MembershipRound(Renewed: false, DeclaredDeadBySomeoneElse: true, []);
        }

        if (_renewFailed || now - _lastRenewed > _options.FenceTimeout)
        {
            // Back after losing the table (or after not running at all): what went stale meanwhile proves nothing yet.
            _watchingSince = now;
            _renewFailed = false;
        }

        _lastRenewed = now;
        UpdateFencing();
        List<MembershipEntry> declared = [];
        try
        {
            await DeclareStaleDeadAsync(now, declared, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTableFailure(e, cancellationToken))
        {
            MembershipLog.RenewFailed(_logger, e, self.SiloId);
        }

        return new MembershipRound(Renewed: true, DeclaredDeadBySomeoneElse: false, declared);
    }

    /// <summary>Leaves gracefully: <see cref="MembershipStatus.ShuttingDown"/> first (others stop placing grains here), then dead.</summary>
    public async Task LeaveAsync(Func<CancellationToken, Task>? handOver = null, CancellationToken cancellationToken = default)
    {
        if (_self is not { Status: MembershipStatus.Active or MembershipStatus.Joining })
        {
            return;
        }

        await ChangeOwnStatusAsync(MembershipStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
        if (handOver is not null)
        {
            await handOver(cancellationToken).ConfigureAwait(false);
        }

        await ChangeOwnStatusAsync(MembershipStatus.Dead, cancellationToken).ConfigureAwait(false);
        MembershipLog.Left(_logger, _self!.SiloId);
    }

    private async Task DeclareStaleDeadAsync(DateTimeOffset now, List<MembershipEntry> declared, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < ChangeAttempts; attempt++)
        {
            var snapshot = await ReadAsync(cancellationToken).ConfigureAwait(false);
            var stale = snapshot.Entries.FirstOrDefault(e =>
                e.SiloId != _self!.SiloId && e.Status != MembershipStatus.Dead && now - Max(e.IAmAlive, _watchingSince) > _options.DeathTimeout);
            if (stale is null)
            {
                return;
            }

            // Of all silos that see the same stale row, the one whose change lands first wins; the others find the table
            // changed, read it again and see the silo dead already.
            if (await _table.TryUpdateAsync(stale with { Status = MembershipStatus.Dead }, snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                MembershipLog.DeclaredDead(_logger, stale.SiloId, now - stale.IAmAlive, _self!.SiloId);
                declared.Add(stale with { Status = MembershipStatus.Dead, Etag = stale.Etag + 1 });
            }
        }
    }

    private async Task ChangeOwnStatusAsync(MembershipStatus status, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < ChangeAttempts; attempt++)
        {
            var snapshot = await ReadAsync(cancellationToken).ConfigureAwait(false);
            var current = snapshot.Find(_self!.SiloId);
            if (current is null || current.Status == MembershipStatus.Dead)
            {
                _self = _self with { Status = MembershipStatus.Dead };
                if (status == MembershipStatus.Dead)
                {
                    return;
                }

                throw new InvalidOperationException($"Silo {_self.SiloId} was declared dead before it could become {status}.");
            }

            var changed = current with { Status = status, IAmAlive = _time.GetUtcNow() };
            if (await _table.TryUpdateAsync(changed, snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                _self = changed with { Etag = current.Etag + 1 };
                return;
            }

            await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"Could not make silo {_self!.SiloId} {status}: the membership table kept changing.");
    }

    /// <summary>
    /// Waits a random few milliseconds, more with each attempt, so that silos changing the table at once (a cluster
    /// starting) stop colliding on its version. Real time, not the agent's clock: a fake clock would never let it end.
    /// </summary>
    private static Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * (Math.Min(attempt, 10) + 1))), TimeProvider.System, cancellationToken);

    private async Task<MembershipSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _table.ReadAsync(cancellationToken).ConfigureAwait(false);
        _view = snapshot;
        return snapshot;
    }

    private void UpdateFencing()
    {
        var serving = IsServing;
        if (_fenced == serving)
        {
            _fenced = !serving;
            if (_fenced)
            {
                MembershipLog.Fenced(_logger, _self!.SiloId, _time.GetUtcNow() - _lastRenewed);
            }
            else
            {
                MembershipLog.Unfenced(_logger, _self!.SiloId);
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static bool IsTableFailure(Exception e, CancellationToken cancellationToken) =>
        e is not OutOfMemoryException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested);
}
