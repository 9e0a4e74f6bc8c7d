using Router.Client.Tests.Fixtures;

namespace Router.Client.Tests.Registration;

public sealed class ShutdownTests : IAsyncLifetime
{
    private FakeRegistryServer _router = null!;

    public async Task InitializeAsync() => _router = await FakeRegistryServer.StartAsync();

    public async Task DisposeAsync() => await _router.DisposeAsync();

    [Fact]
    public async Task Stop_HeartbeatMode_DeregistersInstance()
    {
        await using var host = RegistrationHost.Create(_router, options => options.ApiKey = "secret-key");
        await host.StartRegisteredAsync();
        var instanceId = host.Registration.InstanceId!;

        await host.StopAsync();

        var deregistration = await _router.WaitForCallAsync(RecordedCallKind.Deregister);
        Assert.Equal(instanceId, deregistration.InstanceId);
        Assert.Equal(204, deregistration.Status);
        Assert.Equal("Bearer secret-key", deregistration.Authorization);
        Assert.False(_router.Knows(instanceId));
        Assert.False(host.Registration.IsRegistered);
    }

    [Fact]
    public async Task Stop_ConnectionMode_DeregistersBeforeClosingLease()
    {
        await using var host = RegistrationHost.Create(_router, options => options.LeaseMode = McpRouterLeaseMode.Connection);
        await host.StartRegisteredAsync();
        await _router.WaitForCallAsync(RecordedCallKind.LeaseOpened);
        // The client is reading the lease once it has armed its idle timer.
        await host.WaitForTimerAsync();

        await host.StopAsync();
        await _router.WaitForCallAsync(RecordedCallKind.LeaseEnded);

        var order = _router.Calls.Select(c => c.Kind).Where(k => k is RecordedCallKind.Deregister or RecordedCallKind.LeaseEnded).ToList();
        Assert.Equal([RecordedCallKind.Deregister, RecordedCallKind.LeaseEnded], order);
        Assert.Equal(204, _router.Calls.Single(c => c.Kind == RecordedCallKind.Deregister).Status);
        Assert.Equal(1, _router.Count(RecordedCallKind.Register));
    }

    [Fact]
    public async Task Stop_RouterHoldsDeregistration_GivesUpAfterDeregisterTimeout()
    {
        await using var host = RegistrationHost.Create(_router, options => options.DeregisterTimeout = TimeSpan.FromSeconds(5));
        await host.StartRegisteredAsync();
        _router.HoldDeregistrations();

        var stopping = host.StopAsync();
        await _router.WaitForCallAsync(RecordedCallKind.Deregister);
        await host.WaitForTimerAsync();
        host.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(stopping.IsCompleted);
        host.Time.Advance(TimeSpan.FromSeconds(1));

        await stopping;
        Assert.False(host.Registration.IsRegistered);
    }

    [Fact]
    public async Task Stop_RouterUnreachable_CompletesWithoutDeregistration()
    {
        await using var host = RegistrationHost.Create(_router);
        await host.StartRegisteredAsync();
        await _router.DisposeAsync();

        await host.StopAsync();

        Assert.Equal(0, _router.Count(RecordedCallKind.Deregister));
        Assert.False(host.Registration.IsRegistered);
    }

    [Fact]
    public async Task Stop_FirstRegistrationUnanswered_DeregistersTheIdItSent()
    {
        _router.HoldRegistrationAnswers();
        await using var host = RegistrationHost.Create(_router);
        await host.Host.StartAsync();
        var registration = await _router.WaitForCallAsync(RecordedCallKind.Register);

        await host.StopAsync();

        // The router registered the instance but its answer never arrived: without the id the client sent, the
        // instance would stay until its lease expired.
        var deregistration = await _router.WaitForCallAsync(RecordedCallKind.Deregister);
        Assert.NotNull(registration.InstanceId);
        Assert.Equal(registration.InstanceId, deregistration.InstanceId);
        Assert.Equal(204, deregistration.Status);
        Assert.False(_router.Knows(registration.InstanceId));
    }

    [Fact]
    public async Task Stop_NeverRegistered_SendsNoDeregistration()
    {
        _router.FailRegistrations(int.MaxValue);
        await using var host = RegistrationHost.Create(_router);
        await host.Host.StartAsync();
        await _router.WaitForCallAsync(RecordedCallKind.Register);
        await host.WaitForTimerAsync();

        await host.StopAsync();

        Assert.Equal(0, _router.Count(RecordedCallKind.Deregister));
        Assert.Null(host.Registration.InstanceId);
    }
}
