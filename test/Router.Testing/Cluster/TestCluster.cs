using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Router.Silo;
using Router.Silo.Hosting;
using Router.Silo.Membership;
using Router.Silo.Messaging;
using Router.Silo.Placement;

namespace Router.Testing.Cluster;

/// <summary>
/// An in-process cluster of silos on one PostgreSQL database and one fake clock, like Orleans' TestingHost: each silo
/// has its own services, membership and internal port (HTTP/2 on loopback). Silos start, stop gracefully (they leave),
/// or are killed (their internal port closes and they stop renewing without leaving, as a crashed process would).
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly Action<ISiloBuilder> _configure;
    private readonly List<TestClusterSilo> _silos = [];

    private TestCluster(string connectionString, string clusterId, Action<ISiloBuilder> configure, FakeTimeProvider time)
    {
        _connectionString = connectionString;
        ClusterId = clusterId;
        _configure = configure;
        Time = time;
    }

    public string ClusterId { get; }

    /// <summary>The clock every silo of the cluster runs on.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>Every silo started, killed and stopped ones included.</summary>
    public IReadOnlyList<TestClusterSilo> Silos => _silos;

    /// <summary>Starts <paramref name="count"/> silos; <paramref name="configure"/> adds grains, serializer contexts and storage.</summary>
    public static async Task<TestCluster> StartAsync(string connectionString, int count, Action<ISiloBuilder> configure, string clusterId = "test-cluster")
    {
        var cluster = new TestCluster(connectionString, clusterId, configure, new FakeTimeProvider());
        for (var i = 0; i < count; i++)
        {
            await cluster.StartSiloAsync();
        }

        return cluster;
    }

    /// <summary>Starts one more silo, on a free loopback port.</summary>
    public async Task<TestClusterSilo> StartSiloAsync()
    {
        var port = LoopbackPorts.Next();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSilo(silo =>
        {
            _configure(silo);
            silo.AddPostgresMembership(_connectionString, ClusterId, $"127.0.0.1:{port}")
                .AddPostgresGrainDirectory(_connectionString, ClusterId)
                .AddSiloInternalEndpoint(new IPEndPoint(IPAddress.Loopback, port));
        });
        var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        var silo = new TestClusterSilo(provider, hosted, new Uri($"http://127.0.0.1:{port}"));
        _silos.Add(silo);
        return silo;
    }

    /// <summary>Runs one membership round on every silo still running, after moving the clock by one renew period.</summary>
    public async Task RunRoundAsync(TimeSpan? advance = null)
    {
        Time.Advance(advance ?? new MembershipOptions().RenewPeriod);
        foreach (var silo in _silos.Where(s => s.IsRunning))
        {
            await silo.Runtime.Membership!.RunRoundAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }
}
