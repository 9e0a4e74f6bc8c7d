using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Router.Abstractions.Grains;
using Router.Abstractions.Registry;
using Router.Gateway.Tests.Infrastructure;
using Router.Silo;
using Router.Testing;

namespace Router.Gateway.Tests.Cluster;

/// <summary>
/// One registry grain per server across a cluster: three nodes on one database take concurrent registrations of the same
/// server, and exactly one of them activates its registry grain, which keeps every registration and numbers every event.
/// </summary>
public sealed class ClusterRegistryTests
{
    private const int PerNode = 12;

    [Fact]
    public async Task ConcurrentFirstRegistrations_ThroughThreeNodes_OneRegistryActivationKeepsThemAll()
    {
        var database = await (await PostgresServer.GetSharedAsync()).CreateDatabaseAsync("cluster_registry");
        string[] settings = ["Router:Storage:Provider=postgres", $"Router:Storage:ConnectionString={database}"];
        using var logs = new LogRecorder();
        var nodes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => TestNode.StartAsync(builder => builder.Logging.AddProvider(logs), settings)));
        try
        {
            using var go = new ManualResetEventSlim();
            var registrations = nodes.SelectMany((node, n) => Enumerable.Range(0, PerNode).Select(i => Task.Run(async () =>
            {
                go.Wait();
                using var response = await node.Client.RegisterAsync("shared", RegistryCalls.Registration($"n{n}-i{i}", interval: 300));
                return response.StatusCode == HttpStatusCode.Created ? "Created" : $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            }))).ToList();
            go.Set();

            var answers = await Task.WhenAll(registrations);
            Assert.True(answers.All(a => a == "Created"), string.Join(Environment.NewLine, answers.Where(a => a != "Created").Distinct().Concat(
                logs.Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => $"{e.Category} {e.EventId}: {e.Message} {e.Exception}"))));
            var registryType = Runtime(nodes[0]).Types.GetByInterface(typeof(IConnectionRegistryGrain)).TypeName;
            var holders = nodes.Where(node => Runtime(node).Catalog.TryGetActivation(new GrainId(registryType, "shared"), out _)).ToList();
            Assert.Single(holders);
            foreach (var node in nodes)
            {
                using var server = JsonDocument.Parse(await node.Client.GetStringAsync("/v1/servers/shared"));
                Assert.Equal(
                    nodes.SelectMany((_, n) => Enumerable.Range(0, PerNode).Select(i => $"n{n}-i{i}")).Order(StringComparer.Ordinal),
                    server.RootElement.GetProperty("instances").EnumerateArray().Select(x => x.GetProperty("instanceId").GetString()!).Order(StringComparer.Ordinal));
            }

            // One event per registration, numbered without a gap by the one activation.
            using var events = await EventSubscriber.OpenAsync(nodes[1].Client, "/v1/events?after=0&mcpId=shared");
            var sequences = new List<long>();
            for (var i = 0; i < PerNode * nodes.Length; i++)
            {
                var frame = await events.NextMatchingAsync(f => f.Event == "instance.registered");
                sequences.Add(frame.Sequence);
            }

            Assert.Equal(Enumerable.Range(1, PerNode * nodes.Length).Select(i => (long)i), sequences);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    private static SiloRuntime Runtime(TestNode node) => node.App.Services.GetRequiredService<SiloRuntime>();
}
