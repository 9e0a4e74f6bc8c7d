using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Router.Abstractions.Grains;
using Router.Silo.Hosting;
using Router.Silo.Messaging;
using Router.Silo.Storage;
using Router.Silo.Tests.Fixtures;
using Router.Silo.Tests.Grains;

namespace Router.Silo.Tests.Messaging;

/// <summary>
/// Grain calls from one silo to another over HTTP/2 without TLS, against a real Kestrel: results, what the grain threw,
/// timeouts, a silo that goes away mid-call and one that is not there.
/// </summary>
public sealed class RemoteCallTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Call_GrainOnOtherSilo_ResultComesBackAndStateLivesThere()
    {
        await using var remote = await RemoteSilo.StartAsync();
        using var http = RemoteSiloInvoker.CreateHttpClient();
        var counter = remote.Reference<ICounterGrain>("remote-counter", http, Timeout);

        Assert.Equal(2, await counter.AddAsync(2));
        Assert.Equal(5, await counter.AddAsync(3));
        Assert.Equal(5, await remote.Grains.GetGrain<ICounterGrain>("remote-counter").GetAsync());
        await counter.SaveAsync(); // a method without a result
    }

    [Fact]
    public async Task Call_GrainFailsThere_RemoteGrainCallExceptionWithTypeAndMessage()
    {
        await using var remote = await RemoteSilo.StartAsync();
        remote.Probe.FailActivationOf("broken", fail: true);
        using var http = RemoteSiloInvoker.CreateHttpClient();

        var error = await Assert.ThrowsAsync<RemoteGrainCallException>(() => remote.Reference<IChainGrain>("broken", http, Timeout).PongAsync());

        Assert.Equal("grain-exception", error.Kind);
        Assert.Equal(typeof(GrainActivationException).FullName, error.RemoteType);
        Assert.Contains("broken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_NoAnswerWithinTimeout_GrainCallTimeout()
    {
        await using var remote = await RemoteSilo.StartAsync();
        using var http = RemoteSiloInvoker.CreateHttpClient();
        var grain = remote.Reference<IReentrantChainGrain>("slow", http, TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => grain.BlockAsync("never-opened"));

        Assert.Equal("slow", error.GrainId.Key);
        remote.Probe.OpenGate("never-opened");
    }

    [Fact]
    public async Task Call_SiloGoesAwayMidCall_SiloUnavailable()
    {
        var remote = await RemoteSilo.StartAsync();
        using var http = RemoteSiloInvoker.CreateHttpClient();
        var grain = remote.Reference<IReentrantChainGrain>("dying", http, Timeout);

        var probe = remote.Probe;
        var call = grain.BlockAsync("held");
        await probe.WaitUntilAsync(() => probe.Marker("dying:started:held") == 1, "the call to start on the remote silo");

        // Nothing opens the gate: the silo is stopped (and its connections dropped) with the call still running.
        await remote.DisposeAsync();

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => call);
        Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
        probe.OpenGate("held");
    }

    [Fact]
    public async Task Call_NobodyListens_SiloUnavailable()
    {
        using var http = RemoteSiloInvoker.CreateHttpClient();
        var port = FreePort();
        var invoker = new RemoteSiloInvoker(http, new Uri($"http://127.0.0.1:{port}"), SerializerOptions(), Timeout);
        var counter = invoker.GetGrain<ICounterGrain>("counter", "nowhere");

        await Assert.ThrowsAsync<SiloUnavailableException>(() => counter.AddAsync(1));
    }

    [Fact]
    public async Task Endpoint_UnknownMethodOrMissingHeaders_ClearErrors()
    {
        await using var remote = await RemoteSilo.StartAsync();
        using var http = RemoteSiloInvoker.CreateHttpClient();

        using var unknown = new HttpRequestMessage(HttpMethod.Post, new Uri(remote.Address, "/internal/v1/grain-calls")) { Content = new StringContent("[]"), Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        unknown.Headers.Add("Router-Grain-Type", "counter");
        unknown.Headers.Add("Router-Grain-Key", "k");
        unknown.Headers.Add("Router-Method", "No.Such.Method");
        unknown.Headers.Add("Router-Timeout-Ms", "1000");
        using var unknownResponse = await http.SendAsync(unknown);
        Assert.Equal(HttpStatusCode.NotFound, unknownResponse.StatusCode);
        Assert.Contains("unknown-method", await unknownResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var bare = new HttpRequestMessage(HttpMethod.Post, new Uri(remote.Address, "/internal/v1/grain-calls")) { Content = new StringContent("[]"), Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var bareResponse = await http.SendAsync(bare);
        Assert.Equal(HttpStatusCode.BadRequest, bareResponse.StatusCode);
        Assert.Contains("bad-request", await bareResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static System.Text.Json.JsonSerializerOptions SerializerOptions()
    {
        var services = new ServiceCollection();
        services.AddSilo(silo => silo.AddGrains(typeof(RemoteCallTests).Assembly).AddSerializerContext(TestJsonContext.Default));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<Serialization.GrainSerializer>().Options;
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A silo with this assembly's test grains behind a real Kestrel speaking HTTP/2 without TLS on a loopback port.</summary>
    private sealed class RemoteSilo : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private bool _disposed;

        private RemoteSilo(WebApplication app, Uri address)
        {
            _app = app;
            Address = address;
        }

        public Uri Address { get; }

        public GrainProbe Probe => _app.Services.GetRequiredService<GrainProbe>();

        public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

        public static async Task<RemoteSilo> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
            builder.Services.AddSingleton<GrainProbe>();
            builder.Services.AddSilo(silo => silo
                .AddGrains(typeof(RemoteCallTests).Assembly)
                .AddSerializerContext(TestJsonContext.Default)
                .AddMemoryGrainStorage());
            var app = builder.Build();
            app.MapSiloRemoteCalls();
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new RemoteSilo(app, new Uri(address));
        }

        /// <summary>A reference to a grain on this silo, as another silo's runtime would hold it.</summary>
        public T Reference<T>(string key, HttpClient http, TimeSpan timeout)
            where T : IGrainWithStringKey
        {
            var runtime = _app.Services.GetRequiredService<SiloRuntime>();
            return new RemoteSiloInvoker(http, Address, runtime.Serializer.Options, timeout)
                .GetGrain<T>(runtime.Types.GetByInterface(typeof(T)).TypeName, key);
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await _app.StopAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // A call still runs; the host is disposed below regardless.
            }

            await _app.DisposeAsync();
        }
    }
}
