using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Router.Abstractions.Grains;
using Router.Silo.Hosting;
using Router.Silo.Messaging;
using Router.Silo.Placement;
using Router.Silo.Storage;
using Router.Silo.Tests.Fixtures;
using Router.Silo.Tests.Grains;
using Router.Testing;
using Router.Testing.Cluster;

namespace Router.Silo.Tests.Cluster;

/// <summary>
/// Single-activation grains in a cluster of three silos on one database: concurrent first calls from every silo make one
/// activation; a grain comes back on a survivor with its last written state when its silo dies or leaves; a call that
/// lands on a silo that no longer holds the grain is forwarded to the one that does, and the caller's cache learns it.
/// </summary>
public sealed class PlacementTests
{
    [Fact]
    public async Task ConcurrentFirstCalls_FromEverySilo_OneActivationServesThemAll()
    {
        var (cluster, _) = await StartAsync();
        await using var _ = cluster;
        const int CallsPerSilo = 20;
        string[] keys = ["a", "b", "c", "d", "e"];

        using var go = new ManualResetEventSlim();
        var calls = keys.SelectMany(key => cluster.Silos.SelectMany(silo => Enumerable.Range(0, CallsPerSilo).Select(_ => (Key: key, Count: Task.Run(async () =>
        {
            go.Wait();
            return await Grains(silo).GetGrain<ICounterGrain>(key).AddAsync(1);
        }))))).ToList();
        go.Set();
        await Task.WhenAll(calls.Select(c => c.Count));

        var total = CallsPerSilo * cluster.Silos.Count;
        foreach (var key in keys)
        {
            Assert.Equal(1, cluster.Silos.Sum(s => Probe(s).ActivationCount(key)));

            // Every call saw a different count: they all ran, one at a time, on the one activation.
            Assert.Equal(Enumerable.Range(1, total), calls.Where(c => c.Key == key).Select(c => c.Count.Result).Order());
            foreach (var silo in cluster.Silos)
            {
                Assert.Equal(total, await Grains(silo).GetGrain<ICounterGrain>(key).GetAsync());
            }
        }
    }

    [Fact]
    public async Task SiloKilled_ItsGrainComesBackOnASurvivorWithItsLastWrittenState()
    {
        var (cluster, _) = await StartAsync();
        await using var _ = cluster;
        var (caller, holder) = (cluster.Silos[0], cluster.Silos[1]);
        var onHolder = Grains(holder).GetGrain<ICounterGrain>("k");
        await onHolder.AddAsync(5);
        await onHolder.SaveAsync();
        var fromCaller = Grains(caller).GetGrain<ICounterGrain>("k");
        Assert.Equal(5, await fromCaller.GetAsync());
        Assert.Equal(0, Probe(caller).ActivationCount("k"));

        var holderId = holder.SiloId;
        await holder.KillAsync();

        // Until the others declare it dead, its grains cannot be reached (and must not be taken over).
        await Assert.ThrowsAsync<SiloUnavailableException>(() => fromCaller.GetAsync());
        await RunRoundsUntilAsync(cluster, () => Placement(caller).CachedAddress(GrainIdOf(caller, "k")) is null
            && cluster.Silos.Where(s => s.IsRunning).All(s => Runtime(s).Membership!.Agent.View?.Find(holderId)?.Status == Router.Silo.Membership.MembershipStatus.Dead));

        Assert.Equal(5, await fromCaller.GetAsync());
        Assert.Equal(5, await fromCaller.ValueSeenOnActivationAsync());
        Assert.Equal(1, Probe(caller).ActivationCount("k"));
        Assert.Equal(5, await Grains(cluster.Silos[2]).GetGrain<ICounterGrain>("k").GetAsync());
        Assert.Equal(0, Probe(cluster.Silos[2]).ActivationCount("k"));
    }

    [Fact]
    public async Task SiloStopped_HandsItsGrainsOver_NextCallActivatesElsewhereWithTheirState()
    {
        var (cluster, _) = await StartAsync();
        await using var _ = cluster;
        var (caller, leaving) = (cluster.Silos[0], cluster.Silos[1]);
        await Grains(leaving).GetGrain<ICounterGrain>("handed-over").AddAsync(3);
        Assert.Equal(3, await Grains(caller).GetGrain<ICounterGrain>("handed-over").GetAsync());

        await leaving.StopAsync();

        // The hand-over wrote the state and removed the entry: the next call activates the grain at once, no rounds needed.
        Assert.Equal(3, await Grains(caller).GetGrain<ICounterGrain>("handed-over").GetAsync());
        Assert.Equal(1, Probe(caller).ActivationCount("handed-over"));
    }

    [Fact]
    public async Task CallLandsOnSiloThatNoLongerHoldsTheGrain_ForwardedToTheHolder_CallerCacheLearnsIt()
    {
        var (cluster, _) = await StartAsync();
        await using var _ = cluster;
        var (caller, first, second) = (cluster.Silos[0], cluster.Silos[1], cluster.Silos[2]);
        var grainId = GrainIdOf(caller, "moving");
        await Grains(first).GetGrain<ICounterGrain>("moving").AddAsync(1);
        await Grains(first).GetGrain<ICounterGrain>("moving").SaveAsync();
        Assert.Equal(1, await Grains(caller).GetGrain<ICounterGrain>("moving").GetAsync());
        Assert.Equal(first.SiloId, Placement(caller).CachedAddress(grainId)!.SiloId);

        // The grain leaves the first silo and comes back on the second; the caller's cache still names the first.
        await Grains(first).GetGrain<ICounterGrain>("moving").DeactivateAsync();
        await Probe(first).WaitUntilAsync(() => Probe(first).Deactivations("moving").Count == 1, "the grain deactivated");
        await UntilAsync(async () => await LookupAsync(cluster, grainId) is null, "its directory entry removed");
        Assert.Equal(2, await Grains(second).GetGrain<ICounterGrain>("moving").AddAsync(1));

        Assert.Equal(2, await Grains(caller).GetGrain<ICounterGrain>("moving").GetAsync());

        Assert.Equal(second.SiloId, Placement(caller).CachedAddress(grainId)!.SiloId);
        Assert.Equal(1, Probe(first).ActivationCount("moving"));
        Assert.Equal(1, Probe(second).ActivationCount("moving"));
        Assert.Equal(0, Probe(caller).ActivationCount("moving"));
    }

    [Fact]
    public async Task RemoteCall_PastTheHopBound_RefusedAsBadRequest()
    {
        var (cluster, _) = await StartAsync(silos: 1);
        await using var _ = cluster;
        using var http = RemoteSiloInvoker.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(cluster.Silos[0].InternalEndpoint, RemoteCallProtocol.Path))
        {
            Content = new StringContent("[1]"),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var runtime = Runtime(cluster.Silos[0]);
        request.Headers.Add(RemoteCallProtocol.GrainTypeHeader, runtime.Types.GetByInterface(typeof(ICounterGrain)).TypeName);
        request.Headers.Add(RemoteCallProtocol.GrainKeyHeader, "k");
        request.Headers.Add(RemoteCallProtocol.MethodHeader, typeof(ICounterGrain).FullName + ".AddAsync");
        request.Headers.Add(RemoteCallProtocol.TimeoutHeader, "1000");
        request.Headers.Add(RemoteCallProtocol.HopsHeader, (GrainPlacement.MaxHops + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("hop", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, Probe(cluster.Silos[0]).ActivationCount("k"));
    }

    private static async Task<(TestCluster Cluster, string ConnectionString)> StartAsync(int silos = 3)
    {
        var server = await PostgresServer.GetSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("placement");
        var cluster = await TestCluster.StartAsync(connectionString, silos, silo =>
        {
            silo.Services.AddSingleton<GrainProbe>();
            silo.AddGrains(typeof(PlacementTests).Assembly)
                .AddSerializerContext(TestJsonContext.Default)
                .AddPostgresGrainStorage("Default", options => options.ConnectionString = connectionString);
        });
        return (cluster, connectionString);
    }

    private static async Task RunRoundsUntilAsync(TestCluster cluster, Func<bool> condition)
    {
        for (var round = 0; round < 30 && !condition(); round++)
        {
            await cluster.RunRoundAsync();
        }

        Assert.True(condition(), "the condition did not hold within 30 membership rounds");
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            Assert.False(deadline.IsCancellationRequested, $"Still waiting for {what} after 20 s.");
            await Task.Delay(20);
        }
    }

    private static async Task<GrainAddress?> LookupAsync(TestCluster cluster, GrainId grainId)
    {
        var directory = cluster.Silos[0].Services.GetRequiredService<IGrainDirectory>();
        return await directory.LookupAsync(grainId);
    }

    private static GrainId GrainIdOf(TestClusterSilo silo, string key) =>
        new(Runtime(silo).Types.GetByInterface(typeof(ICounterGrain)).TypeName, key);

    private static SiloRuntime Runtime(TestClusterSilo silo) => silo.Services.GetRequiredService<SiloRuntime>();

    private static IGrainFactory Grains(TestClusterSilo silo) => silo.Services.GetRequiredService<IGrainFactory>();

    private static GrainProbe Probe(TestClusterSilo silo) => silo.Services.GetRequiredService<GrainProbe>();

    private static GrainPlacement Placement(TestClusterSilo silo) => Runtime(silo).Placement!;
}
