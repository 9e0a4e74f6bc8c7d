using Router.Client.Tests.Fixtures;

namespace Router.Client.Tests.Registration;

public sealed class ConnectionModeTests : IAsyncLifetime
{
    private FakeRegistryServer _router = null!;

    public async Task InitializeAsync() => _router = await FakeRegistryServer.StartAsync();

    public async Task DisposeAsync() => await _router.DisposeAsync();

    [Fact]
    public async Task Lease_AfterRegistration_HeldOpenWithoutHeartbeats()
    {
        await using var host = CreateHost();
        await host.StartRegisteredAsync();

        var lease = await _router.WaitForCallAsync(RecordedCallKind.LeaseOpened);
        await host.WaitForTimerAsync();
        // Well past several heartbeat intervals, but short of the lease's idle limit (3 × 15 s keep-alive).
        host.Time.Advance(TimeSpan.FromSeconds(40));

        Assert.Equal(200, lease.Status);
        Assert.Equal(host.Registration.InstanceId, lease.InstanceId);
        Assert.Equal(0, _router.Count(RecordedCallKind.Heartbeat));
        Assert.Equal(0, _router.Count(RecordedCallKind.LeaseEnded));
        Assert.Equal(1, _router.Count(RecordedCallKind.Register));
        Assert.True(host.Registration.IsRegistered);
    }

    [Fact]
    public async Task Lease_ClosedByRouter_ReRegistersAndReopens()
    {
        await using var host = CreateHost();
        await host.StartRegisteredAsync();
        var instanceId = host.Registration.InstanceId;
        await _router.WaitForCallAsync(RecordedCallKind.LeaseOpened, 1);

        _router.CloseLeases();
        var reRegistration = await _router.WaitForCallAsync(RecordedCallKind.Register, 2);
        var reopened = await _router.WaitForCallAsync(RecordedCallKind.LeaseOpened, 2);

        Assert.Equal(instanceId, reRegistration.Body!.Value.GetProperty("instanceId").GetString());
        Assert.Equal(200, reopened.Status);
        Assert.Equal(instanceId, reopened.InstanceId);
        Assert.Equal(0, _router.Count(RecordedCallKind.Heartbeat));
    }

    [Fact]
    public async Task Lease_RouterLostInstance_ReRegistersAndReopens()
    {
        await using var host = CreateHost();
        await host.StartRegisteredAsync();
        await _router.WaitForCallAsync(RecordedCallKind.LeaseOpened, 1);

        // A router restart: the connection drops and the instance is gone.
        _router.ForgetAll();
        _router.CloseLeases();
        var reRegistration = await _router.WaitForCallAsync(RecordedCallKind.Register, 2);
        await _router.WaitForCallAsync(RecordedCallKind.LeaseOpened, 2);

        Assert.Equal(201, reRegistration.Status);
        Assert.True(_router.Knows(host.Registration.InstanceId!));
    }

    [Fact]
    public async Task Lease_RefusedRightAfterRegistration_BacksOffBeforeTryingAgain()
    {
        _router.RefuseLeases(1);
        await using var host = CreateHost();
        await host.Host.StartAsync();

        Assert.Equal(404, (await _router.WaitForCallAsync(RecordedCallKind.LeaseOpened, 1)).Status);
        await host.WaitForTimerAsync();
        Assert.Equal(1, _router.Count(RecordedCallKind.Register));
        Assert.NotNull(host.Registration.LastError);

        host.Time.Advance(TimeSpan.FromSeconds(1));
        await _router.WaitForCallAsync(RecordedCallKind.Register, 2);
        Assert.Equal(200, (await _router.WaitForCallAsync(RecordedCallKind.LeaseOpened, 2)).Status);
    }

    [Fact]
    public async Task Lease_SilentForThreeKeepAlives_ReconnectsOnANewLease()
    {
        _router.LeaseKeepAliveSeconds = 5;
        await using var host = CreateHost();
        await host.StartRegisteredAsync();
        await _router.WaitForCallAsync(RecordedCallKind.LeaseOpened, 1);
        await host.WaitForTimerAsync();
        // The idle timer is armed for the default keep-alive until the client has read the grant, then for three of the
        // granted 5 s: moving time before that would move it past a timer the grant then pushes further out.
        var leaseRead = host.Time.GetUtcNow() + TimeSpan.FromSeconds(15);
        await Eventually.TrueAsync(() => host.Time.NextDueTime == leaseRead, "the idle timer armed for three granted keep-alives");

        host.Time.Advance(TimeSpan.FromSeconds(14));
        Assert.Equal(0, _router.Count(RecordedCallKind.LeaseEnded));
        host.Time.Advance(TimeSpan.FromSeconds(1));

        await _router.WaitForCallAsync(RecordedCallKind.LeaseEnded, 1);
        await _router.WaitForCallAsync(RecordedCallKind.Register, 2);
        await _router.WaitForCallAsync(RecordedCallKind.LeaseOpened, 2);
    }

    private RegistrationHost CreateHost() =>
        RegistrationHost.Create(_router, options => options.LeaseMode = McpRouterLeaseMode.Connection);
}
