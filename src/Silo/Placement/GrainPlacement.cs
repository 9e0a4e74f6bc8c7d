using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Router.Abstractions.Grains;
using Router.Abstractions.Invocation;
using Router.Silo.Activation;
using Router.Silo.Membership;
using Router.Silo.Messaging;

namespace Router.Silo.Placement;

/// <summary>
/// Where the calls to single-activation grains go in a cluster. A grain with an activation here runs here; otherwise the
/// directory (through a cache) names the silo holding it and the call goes there over the internal port. A grain with no
/// entry, or whose entry names a dead silo, is activated here: the activation registers itself before it runs anything,
/// the first writer wins, and a loser hands its waiting calls to the winner. A call that lands on a silo that no longer
/// holds the grain is forwarded by that silo, at most <see cref="MaxHops"/> times, and the caller's cache learns the silo
/// that ran it. Stateless workers never leave the silo.
/// </summary>
internal sealed class GrainPlacement : IDisposable
{
    /// <summary>The most silos a call passes through after the first.</summary>
    public const int MaxHops = 3;

    private const int MaxAttempts = 6;
    private const int MaxTakeovers = 4;

    private readonly SiloRuntime _runtime;
    private readonly IGrainDirectory _directory;
    private readonly SiloMembership _membership;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<GrainId, GrainAddress> _cache = new();
    private readonly ConcurrentDictionary<long, GrainAddress> _registered = new();
    private readonly ConcurrentDictionary<GrainId, Lazy<Task<GrainAddress?>>> _lookups = new();
    private readonly ConcurrentDictionary<Task, bool> _unregistering = new();
    private readonly ConcurrentDictionary<string, RemoteSiloInvoker> _silos = new(StringComparer.Ordinal);
    private readonly HttpClient _http = RemoteSiloInvoker.CreateHttpClient();

    public GrainPlacement(SiloRuntime runtime, IGrainDirectory directory, SiloMembership membership)
    {
        _runtime = runtime;
        _directory = directory;
        _membership = membership;
        _logger = runtime.Logger;
        membership.SilosDeclaredDead += OnSilosDeclaredDead;
    }

    private string? SelfId => _membership.Agent.SiloId;

    /// <summary>Where this silo's cache says the grain is; null when it does not know.</summary>
    public GrainAddress? CachedAddress(GrainId grainId) => _cache.GetValueOrDefault(grainId);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _directory.InitializeAsync(cancellationToken).ConfigureAwait(false);
        PlacementLog.DirectoryInitialized(_logger);
    }

    /// <summary>Calls a grain wherever its activation is; <paramref name="context"/> is set for calls that came from another silo.</summary>
    public ValueTask<TResult> InvokeAsync<TRequest, TResult>(GrainReference target, TRequest request, RemoteCallContext? context)
        where TRequest : struct, IGrainRequest<TRequest, TResult>
    {
        if (_runtime.Types.GetByTypeName(target.GrainId.Type).IsStatelessWorker)
        {
            if (context is not null)
            {
                context.ServedBy = SelfId;
            }

            return _runtime.Invoker.InvokeLocal<TRequest, TResult>(target, request);
        }

        if (_runtime.Catalog.TryGetActivation(target.GrainId, out var local) && local.State == ActivationState.Valid)
        {
            // Registered and running here: no lookup, no state machine.
            if (context is not null)
            {
                context.ServedBy = SelfId;
            }

            return _runtime.Invoker.InvokeLocal<TRequest, TResult>(target, request);
        }

        return InvokeSingleAsync<TRequest, TResult>(target, request, context);
    }

    private async ValueTask<TResult> InvokeSingleAsync<TRequest, TResult>(GrainReference target, TRequest request, RemoteCallContext? context)
        where TRequest : struct, IGrainRequest<TRequest, TResult>
    {
        var grainId = target.GrainId;
        var hops = context?.Hops ?? 0;
        Exception? last = null;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var owner = await LocateAsync(grainId).ConfigureAwait(false);
            if (owner is null)
            {
                try
                {
                    var result = await _runtime.Invoker.InvokeLocal<TRequest, TResult>(target, request).ConfigureAwait(false);
                    if (context is not null)
                    {
                        context.ServedBy = SelfId;
                    }

                    return result;
                }
                catch (GrainMovedException moved)
                {
                    // This silo's activation lost to another's while the call waited for it: the call goes there.
                    _cache[grainId] = moved.Owner;
                    last = moved;
                    continue;
                }
            }

            if (hops >= MaxHops)
            {
                throw new SiloUnavailableException(
                    $"The call to {TRequest.Method.DisplayName} on {grainId} was forwarded {hops} times without reaching the grain's activation; try again.");
            }

            var forwarded = new RemoteCallContext(hops + 1);
            try
            {
                var result = await Silo(owner.SiloId).InvokeAsync<TRequest, TResult>(target, request, forwarded).ConfigureAwait(false);
                _runtime.Instruments.RemoteCalls.Add(1);
                if (forwarded.ServedBy is { } servedBy && servedBy != owner.SiloId)
                {
                    // The silo the cache named no longer held the grain and forwarded the call: remember where it ran.
                    _cache[grainId] = new GrainAddress(grainId, servedBy, string.Empty);
                }

                if (context is not null)
                {
                    context.ServedBy = forwarded.ServedBy ?? owner.SiloId;
                }

                return result;
            }
            catch (SiloUnavailableException e)
            {
                // The silo is unreachable or does not serve. The call goes elsewhere if the grain has moved on meanwhile
                // (the silo left and handed it over), or the silo is known dead (its entry is taken over by whoever
                // activates the grain next); otherwise nobody may take the grain over yet, and the caller hears so.
                _cache.TryRemove(new KeyValuePair<GrainId, GrainAddress>(grainId, owner));
                var now = await LookupAsync(grainId).ConfigureAwait(false);
                if (now is not null && now.SiloId == owner.SiloId && IsServingSilo(owner.SiloId))
                {
                    throw;
                }

                last = e;
            }
        }

        throw new SiloUnavailableException($"The call to {TRequest.Method.DisplayName} on {grainId} did not find a silo to run it; try again.", last!);
    }

    /// <summary>Null when the call runs here (an activation exists or is to be made here); else the silo to send it to.</summary>
    private async ValueTask<GrainAddress?> LocateAsync(GrainId grainId)
    {
        if (_runtime.Catalog.TryGetActivation(grainId, out var local) && local.IsUsable)
        {
            return null;
        }

        var self = SelfId;
        if (_cache.TryGetValue(grainId, out var cached))
        {
            if (cached.SiloId != self && IsServingSilo(cached.SiloId))
            {
                _runtime.Instruments.DirectoryLookups.Add(1, new KeyValuePair<string, object?>("result", "hit"));
                return cached;
            }

            _cache.TryRemove(new KeyValuePair<GrainId, GrainAddress>(grainId, cached));
        }

        _runtime.Instruments.DirectoryLookups.Add(1, new KeyValuePair<string, object?>("result", "miss"));
        var entry = await LookupAsync(grainId).ConfigureAwait(false);
        if (entry is not null && entry.SiloId != self && IsServingSilo(entry.SiloId))
        {
            _cache[grainId] = entry;
            return entry;
        }

        if (_runtime.IsRunning)
        {
            return null;
        }

        // This silo is leaving: the grain goes to another.
        var others = _membership.Agent.View?.Active.Where(e => e.SiloId != self).ToList() ?? [];
        if (others.Count == 0)
        {
            throw new SiloUnavailableException($"This silo is shutting down and no other silo of the cluster is active to take {grainId}.");
        }

        var target = others[Random.Shared.Next(others.Count)];
        return new GrainAddress(grainId, target.SiloId, string.Empty);
    }

    /// <summary>Reads the grain's directory entry; concurrent lookups of one grain share one query.</summary>
    private async Task<GrainAddress?> LookupAsync(GrainId grainId)
    {
        var lookup = new Lazy<Task<GrainAddress?>>(() => _directory.LookupAsync(grainId));
        var shared = _lookups.GetOrAdd(grainId, lookup);
        try
        {
            return await shared.Value.ConfigureAwait(false);
        }
        finally
        {
            if (ReferenceEquals(shared, lookup))
            {
                _lookups.TryRemove(new KeyValuePair<GrainId, Lazy<Task<GrainAddress?>>>(grainId, lookup));
            }
        }
    }

    /// <summary>
    /// Registers a new activation before it runs anything. Throws <see cref="GrainMovedException"/> when another silo's
    /// activation holds the entry; takes the entry over when its silo is dead, or when it is an earlier activation of
    /// this silo that is gone.
    /// </summary>
    public async Task RegisterAsync(ActivationData activation, CancellationToken cancellationToken)
    {
        var self = SelfId ?? throw new SiloUnavailableException("This silo has not joined its cluster.");
        var address = new GrainAddress(activation.GrainId, self, activation.Id.ToString(CultureInfo.InvariantCulture));
        var standing = await _directory.RegisterAsync(address, previous: null, cancellationToken).ConfigureAwait(false);
        for (var takeovers = 0; standing != address; takeovers++)
        {
            var replaceable = standing.SiloId == self ? standing.ActivationId != address.ActivationId : IsDead(standing.SiloId);
            if (!replaceable || takeovers == MaxTakeovers)
            {
                PlacementLog.ActivationLostRace(_logger, activation.GrainId.ToString(), standing.SiloId);
                _cache[activation.GrainId] = standing;
                throw new GrainMovedException(standing);
            }

            PlacementLog.Takeover(_logger, activation.GrainId.ToString(), standing.SiloId);
            standing = await _directory.RegisterAsync(address, standing, cancellationToken).ConfigureAwait(false);
        }

        _registered[activation.Id] = address;
        _cache.TryRemove(activation.GrainId, out _);
    }

    /// <summary>Removes a gone activation's entry, in the background (a later activation replaces a leftover one anyway).</summary>
    public void Unregister(ActivationData activation)
    {
        if (!_registered.TryRemove(activation.Id, out var address))
        {
            return;
        }

        var unregistering = UnregisterAsync(address);
        if (!unregistering.IsCompleted)
        {
            _unregistering.TryAdd(unregistering, true);
            _ = unregistering.ContinueWith(static (done, state) => ((ConcurrentDictionary<Task, bool>)state!).TryRemove(done, out _), _unregistering, TaskScheduler.Default);
        }
    }

    /// <summary>Waits for the directory entries of gone activations to be removed (a silo handing its grains over).</summary>
    public Task DrainAsync(CancellationToken cancellationToken) => Task.WhenAll(_unregistering.Keys).WaitAsync(cancellationToken);

    private async Task UnregisterAsync(GrainAddress address)
    {
        try
        {
            await _directory.UnregisterAsync(address).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            PlacementLog.UnregisterFailed(_logger, e, address.GrainId.ToString());
        }
    }

    private void OnSilosDeclaredDead(IReadOnlyList<MembershipEntry> dead)
    {
        foreach (var silo in dead)
        {
            foreach (var entry in _cache.Where(e => e.Value.SiloId == silo.SiloId))
            {
                _cache.TryRemove(entry);
            }

            _ = RemoveEntriesOfAsync(silo.SiloId);
        }
    }

    private async Task RemoveEntriesOfAsync(string siloId)
    {
        try
        {
            var removed = await _directory.UnregisterSiloAsync(siloId).ConfigureAwait(false);
            PlacementLog.DeadSiloEntriesRemoved(_logger, removed, siloId);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            PlacementLog.DeadSiloEntriesFailed(_logger, e, siloId);
        }
    }

    /// <summary>
    /// Whether calls may be sent to the silo: any silo not known to be dead. A silo that holds a directory entry has
    /// joined, whatever this silo's view (read once per round) says: it may show the silo joining, or not at all. A
    /// leaving one forwards what it no longer holds. Exactly the silos whose entries may not be taken over (<see
    /// cref="IsDead"/>), so a call never loops between sending to a silo and losing the directory race to it.
    /// </summary>
    private bool IsServingSilo(string siloId) => !IsDead(siloId);

    /// <summary>Whether the silo's entries may be taken over: declared dead, or superseded by a later start on its address.</summary>
    private bool IsDead(string siloId)
    {
        var view = _membership.Agent.View;
        if (view is null)
        {
            return false;
        }

        if (view.Find(siloId) is { } entry)
        {
            return entry.Status == MembershipStatus.Dead;
        }

        // Not in the view: gone from the table, or joined after the last round. Gone only if a later generation holds
        // its address.
        var at = siloId.LastIndexOf('@');
        return at > 0 && view.Entries.Any(e => e.Address == siloId[..at] && string.CompareOrdinal(e.SiloId, siloId) != 0
            && long.TryParse(siloId.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var generation) && e.Generation > generation);
    }

    /// <summary>The invoker for the silo <paramref name="siloId"/> (<c>{address}@{generation}</c>), one per address.</summary>
    private RemoteSiloInvoker Silo(string siloId)
    {
        var at = siloId.LastIndexOf('@');
        var address = at > 0 ? siloId[..at] : siloId;
        return _silos.GetOrAdd(address, static (address, placement) => new RemoteSiloInvoker(
            placement._http, new Uri($"http://{address}"), placement._runtime.Serializer.Options, placement._runtime.Options.ResponseTimeout), this);
    }

    public void Dispose()
    {
        _membership.SilosDeclaredDead -= OnSilosDeclaredDead;
        _http.Dispose();
    }
}
