using System.Text;
using Router.Abstractions.Grains;
using Router.Abstractions.Persistence;
using Router.Silo.Tests.Fixtures;
using Router.Silo.Tests.Grains;

namespace Router.Silo.Tests.Persistence;

public sealed class PersistentStateTests
{
    private static readonly GrainId Counter = new("counter", "c");

    [Fact]
    public async Task State_WrittenThenReactivated_IsLoadedBeforeOnActivate()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ICounterGrain>("c");
        await grain.AddAsync(7);
        await grain.SaveAsync();
        await grain.DeactivateAsync();
        await silo.Probe.WaitForDeactivationsAsync("c", 1);

        Assert.Equal(7, await grain.ValueSeenOnActivationAsync());
        Assert.Equal(2, silo.Probe.ActivationCount("c"));
    }

    [Fact]
    public async Task Deactivation_WithDirtyState_WritesIt()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ICounterGrain>("c");
        await grain.AddAsync(5);

        await grain.DeactivateAsync();
        await WaitDeactivatedAsync(silo);

        var record = await silo.Storage.ReadAsync(Counter, "counter");
        Assert.NotNull(record);
        Assert.Contains("\"value\":5", Encoding.UTF8.GetString(record.Payload), StringComparison.Ordinal);
        Assert.Equal(5, await grain.GetAsync());
    }

    [Fact]
    public async Task Deactivation_WithCleanState_DoesNotWrite()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ICounterGrain>("c");
        await grain.AddAsync(1);
        await grain.SaveAsync();
        var etag = await grain.GetEtagAsync();

        await grain.DeactivateAsync();
        await WaitDeactivatedAsync(silo);

        Assert.Equal(etag, (await silo.Storage.ReadAsync(Counter, "counter"))!.Etag);
    }

    [Fact]
    public async Task Deactivation_OfUntouchedNewGrain_WritesNothing()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ICounterGrain>("c");
        await grain.GetAsync();

        await grain.DeactivateAsync();
        await WaitDeactivatedAsync(silo);

        Assert.Null(await silo.Storage.ReadAsync(Counter, "counter"));
    }

    [Fact]
    public async Task Write_WithStaleEtag_FailsAndDeactivatesThenNextCallSeesStoredState()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ICounterGrain>("c");
        await grain.AddAsync(1);
        await grain.SaveAsync();
        var etag = await grain.GetEtagAsync();

        // Another activation (say, on another node) wrote newer state behind this one's back.
        await silo.Storage.WriteAsync(Counter, "counter", Encoding.UTF8.GetBytes("{\"value\":42}"), etag);
        await grain.AddAsync(1);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.SaveAsync());
        await silo.Probe.WaitForDeactivationsAsync("c", 1);
        Assert.Equal(DeactivationReasonCode.InconsistentState, silo.Probe.Deactivations("c")[0].Code);

        Assert.Equal(42, await grain.GetAsync());
        var stored = await silo.Storage.ReadAsync(Counter, "counter");
        Assert.Contains("42", Encoding.UTF8.GetString(stored!.Payload), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_WithDirtyState_WritesIt()
    {
        var silo = await TestSilo.StartAsync();
        await silo.Grains.GetGrain<ICounterGrain>("c").AddAsync(9);

        await silo.Runtime.StopAsync();

        Assert.Contains("9", Encoding.UTF8.GetString((await silo.Storage.ReadAsync(Counter, "counter"))!.Payload), StringComparison.Ordinal);
        await silo.DisposeAsync();
    }

    /// <summary>Deactivation ends after OnDeactivateAsync and the state write: the activation then leaves the catalog.</summary>
    private static async Task WaitDeactivatedAsync(TestSilo silo)
    {
        await silo.Probe.WaitForDeactivationsAsync("c", 1);
        await silo.Probe.WaitUntilAsync(() => silo.Runtime.Catalog.Count == 0, "the activation has left the catalog");
    }
}
