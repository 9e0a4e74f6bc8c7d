using System.Net;
using Router.Gateway.Tests.Infrastructure;
using Router.Testing;

namespace Router.Gateway.Tests.Health;

public sealed class PostgresHealthTests
{
    private static readonly Uri Ready = new("/health/ready", UriKind.Relative);

    [Fact]
    public async Task Ready_WithPostgresStorage_Returns200()
    {
        var server = await PostgresServer.GetSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("gateway");
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=postgres", $"Router:Storage:ConnectionString={connectionString}");

        using var response = await node.Client.GetAsync(Ready);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_WhenPostgresStopsAndStarts_Returns503ThenRecovers()
    {
        // Its own server: stopping the shared one would fail the other tests of this process that use it.
        await using var server = await PostgresServer.StartNewAsync();
        var connectionString = await server.CreateDatabaseAsync("gateway_outage");
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=postgres", $"Router:Storage:ConnectionString={connectionString}");
        using (var before = await node.Client.GetAsync(Ready))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        try
        {
            await server.StopAsync();

            var down = await Readiness.WaitForStatusAsync(node.Client, Ready, HttpStatusCode.ServiceUnavailable);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down);
            using var response = await node.Client.GetAsync(Ready);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("storage unreachable", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("refused", body, StringComparison.OrdinalIgnoreCase);

            await server.StartAsync();

            var up = await Readiness.WaitForStatusAsync(node.Client, Ready, HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.OK, up);
        }
        finally
        {
            await server.StartAsync();
        }
    }
}
