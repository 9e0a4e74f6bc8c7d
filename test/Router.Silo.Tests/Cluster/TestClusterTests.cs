using Microsoft.Extensions.DependencyInjection;
using Router.Abstractions.Grains;
using Router.Silo.Hosting;
using Router.Silo.Membership;
using Router.Silo.Messaging;
using Router.Silo.Storage;
using Router.Silo.Tests.Fixtures;
using Router.Silo.Tests.Grains;
using Router.Testing;
using Router.Testing.Cluster;

namespace Router.Silo.Tests.Cluster;

/// <summary>
/// The in-process test cluster: three silos on one database join; one killed is declared dead by the survivors and
/// its internal port answers nothing; one stopped leaves at once; the survivors keep serving each other's calls.
/// </summary>
public sealed class TestClusterTests
{
    private static readonly HttpClient Http = RemoteSiloInvoker.CreateHttpClient();

    [Fact]
    public async Task Cluster_KillOneStopAnother_DeadThenLeftAndSurvivorsServe()
    {
        var server = await PostgresServer.GetSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("test_cluster");
        await using var cluster = await TestCluster.StartAsync(connectionString, 3, silo =>
        {
            silo.Services.AddSingleton<GrainProbe>();
            silo.AddGrains(typeof(TestClusterTests).Assembly)
                .AddSerializerContext(TestJsonContext.Default)
                .AddMemoryGrainStorage();
        });
        var (first, killed, stopped) = (cluster.Silos[0], cluster.Silos[1], cluster.Silos[2]);
        Assert.Equal(3, (await ReadAsync(connectionString, cluster.ClusterId)).Active.Count());
        Assert.Equal(1, await Counter(first, killed, "k").AddAsync(1));

        await killed.KillAsync();
        MembershipSnapshot view;
        var rounds = 0;
        do
        {
            await cluster.RunRoundAsync();
            view = await ReadAsync(connectionString, cluster.ClusterId);
        }
        while (view.Find(killed.SiloId)!.Status != MembershipStatus.Dead && ++rounds < 20);

        Assert.Equal(MembershipStatus.Dead, view.Find(killed.SiloId)!.Status);
        await Assert.ThrowsAsync<SiloUnavailableException>(() => Counter(first, killed, "k").AddAsync(1));

        await stopped.StopAsync();
        view = await ReadAsync(connectionString, cluster.ClusterId);
        Assert.Equal(MembershipStatus.Dead, view.Find(stopped.SiloId)!.Status);
        Assert.Equal([first.SiloId], view.Active.Select(e => e.SiloId));
        Assert.Equal(1, await Counter(first, first, "survivor").AddAsync(1));
    }

    /// <summary>A reference, held by <paramref name="caller"/>, to a counter on <paramref name="target"/>, over the internal port.</summary>
    private static ICounterGrain Counter(TestClusterSilo caller, TestClusterSilo target, string key)
    {
        var runtime = (SiloRuntime)caller.Services.GetService(typeof(SiloRuntime))!;
        return new RemoteSiloInvoker(Http, target.InternalEndpoint, runtime.Serializer.Options, TimeSpan.FromSeconds(10))
            .GetGrain<ICounterGrain>(runtime.Types.GetByInterface(typeof(ICounterGrain)).TypeName, key);
    }

    private static async Task<MembershipSnapshot> ReadAsync(string connectionString, string clusterId)
    {
        await using var table = new PostgresMembershipTable(connectionString, clusterId);
        return await table.ReadAsync();
    }
}
