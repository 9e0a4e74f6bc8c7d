using Microsoft.Extensions.DependencyInjection;
using Router.Abstractions.Grains;
using Router.Silo.Hosting;
using Router.Silo.Membership;
using Router.Silo.Storage;
using Router.Silo.Tests.Grains;
using Router.Testing;

namespace Router.Silo.Tests.Membership;

/// <summary>
/// A silo in a cluster: it joins when it starts, serves grain calls while it holds its membership, refuses them while it
/// is fenced (its database away past the fence timeout), serves again once it renews, and leaves when it stops.
/// </summary>
public sealed class SiloMembershipTests
{
    private static readonly MembershipOptions Options = new();

    [Fact]
    public async Task Silo_StartsAndStops_JoinsActiveThenLeavesDead()
    {
        var server = await PostgresServer.GetSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("silo_membership");
        var time = new FakeTimeProvider();
        string siloId;
        await using (var silo = await StartAsync(connectionString, time, "10.0.0.7:11111"))
        {
            var runtime = silo.GetRequiredService<SiloRuntime>();
            siloId = runtime.Membership!.Agent.SiloId!;
            Assert.True(runtime.IsServing);
            Assert.Equal(1, await runtime.GrainFactory.GetGrain<ICounterGrain>("a").AddAsync(1));
            Assert.Equal(MembershipStatus.Active, (await ReadAsync(connectionString)).Find(siloId)!.Status);

            await runtime.StopAsync();
        }

        Assert.Equal(MembershipStatus.Dead, (await ReadAsync(connectionString)).Find(siloId)!.Status);
    }

    [Fact]
    public async Task Silo_DatabaseAwayPastFenceTimeout_RefusesGrainCallsUntilItRenews()
    {
        await using var server = await PostgresServer.StartNewAsync();
        var connectionString = await server.CreateDatabaseAsync("silo_fencing");
        var time = new FakeTimeProvider();
        await using var silo = await StartAsync(connectionString, time, "10.0.0.8:11111");
        var runtime = silo.GetRequiredService<SiloRuntime>();
        var membership = runtime.Membership!;
        var counter = runtime.GrainFactory.GetGrain<ICounterGrain>("fenced");
        Assert.Equal(1, await counter.AddAsync(1));

        try
        {
            await server.StopAsync();
            for (var elapsed = TimeSpan.Zero; elapsed <= Options.FenceTimeout; elapsed += Options.RenewPeriod)
            {
                time.Advance(Options.RenewPeriod);
                await membership.RunRoundAsync();
            }

            Assert.False(runtime.IsServing);
            await Assert.ThrowsAsync<SiloUnavailableException>(() => counter.AddAsync(1));
        }
        finally
        {
            await server.StartAsync();
        }

        for (var round = 0; round < 3 && !runtime.IsServing; round++)
        {
            time.Advance(Options.RenewPeriod);
            await membership.RunRoundAsync();
        }

        Assert.True(runtime.IsServing);
        Assert.Equal(2, await counter.AddAsync(1));
    }

    [Fact]
    public async Task Silo_DeclaredDeadByAnother_DropsItsActivationsAndRejoinsAsNewGeneration()
    {
        var server = await PostgresServer.GetSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("silo_rejoin");
        var time = new FakeTimeProvider();
        await using var silo = await StartAsync(connectionString, time, "10.0.0.9:11111");
        var runtime = silo.GetRequiredService<SiloRuntime>();
        var probe = silo.GetRequiredService<Fixtures.GrainProbe>();
        Assert.Equal("pong from held", await runtime.GrainFactory.GetGrain<IChainGrain>("held").PongAsync());
        var firstId = runtime.Membership!.Agent.SiloId!;

        // Another silo, seeing this one's row stale, declares it dead.
        await using (var table = new PostgresMembershipTable(connectionString, "test-cluster"))
        {
            var view = await table.ReadAsync();
            Assert.True(await table.TryUpdateAsync(view.Find(firstId)! with { Status = MembershipStatus.Dead }, view.Version));
        }

        time.Advance(Options.RenewPeriod);
        await runtime.Membership.RunRoundAsync();

        Assert.Single(probe.Deactivations("held"));
        var secondId = runtime.Membership.Agent.SiloId!;
        Assert.NotEqual(firstId, secondId);
        Assert.True(runtime.IsServing);
        var rows = await ReadAsync(connectionString);
        Assert.Equal(MembershipStatus.Dead, rows.Find(firstId)!.Status);
        Assert.Equal(MembershipStatus.Active, rows.Find(secondId)!.Status);
    }

    private static async Task<ServiceProvider> StartAsync(string connectionString, FakeTimeProvider time, string address)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<Fixtures.GrainProbe>();
        services.AddSilo(silo => silo
            .AddGrains(typeof(SiloMembershipTests).Assembly)
            .AddSerializerContext(TestJsonContext.Default)
            .AddMemoryGrainStorage()
            .AddPostgresMembership(connectionString, "test-cluster", address));
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<SiloRuntime>().StartAsync();
        return provider;
    }

    private static async Task<MembershipSnapshot> ReadAsync(string connectionString)
    {
        await using var table = new PostgresMembershipTable(connectionString, "test-cluster");
        return await table.ReadAsync();
    }
}
