using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Router.Benchmarks.Grains;
using Router.Silo;
using Router.Silo.Hosting;
using Router.Silo.Messaging;
using Router.Silo.Storage;

namespace Router.Benchmarks.Runtime;

/// <summary>
/// A grain call from one silo to another on loopback (HTTP/2 without TLS, the silo-to-silo transport): latency of
/// sequential calls (p50, p99) and the rate with 64 concurrent callers. Both silos live in this process, each with its
/// own Kestrel and client, so the figure includes both ends of the transport but not a second process's scheduling.
/// </summary>
internal static class RemoteCallProbe
{
    private const int Calls = 20_000;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ConcurrentPhase = TimeSpan.FromSeconds(5);

    public static async Task<string> RunAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSilo(silo => silo.AddGrains(typeof(RemoteCallProbe).Assembly).AddMemoryGrainStorage());
        await using var app = builder.Build();
        app.MapSiloRemoteCalls();
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        var runtime = app.Services.GetRequiredService<SiloRuntime>();

        using var http = RemoteSiloInvoker.CreateHttpClient();
        var invoker = new RemoteSiloInvoker(http, address, runtime.Serializer.Options, TimeSpan.FromSeconds(30));
        var grainType = runtime.Types.GetByInterface(typeof(IBenchGrain)).TypeName;
        var grain = invoker.GetGrain<IBenchGrain>(grainType, "remote");
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < WarmUp)
        {
            await grain.AddAsync(1);
        }

        var latencies = new double[Calls];
        for (var i = 0; i < Calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await grain.AddAsync(1);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        Array.Sort(latencies);
        var completed = 0L;
        var phase = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async worker =>
        {
            var callers = invoker.GetGrain<IBenchGrain>(grainType, $"remote-{worker}");
            while (phase.Elapsed < ConcurrentPhase)
            {
                await callers.AddAsync(1);
                Interlocked.Increment(ref completed);
            }
        }));
        var rate = completed / phase.Elapsed.TotalSeconds;
        await app.StopAsync();
        return string.Create(CultureInfo.InvariantCulture,
            $"remote grain call over h2c on loopback, {Environment.ProcessorCount} cores: {Calls} sequential calls p50={latencies[Calls / 2]:F0} µs p99={latencies[Calls * 99 / 100]:F0} µs (target p50 ≤ 250 µs: {(latencies[Calls / 2] <= 250 ? "met" : "missed")}); 64 concurrent callers: {rate:N0} calls/s");
    }
}
