using System.Net;
using System.Text.Json;
using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Health;

public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task Live_WhenNodeRuns_Returns200()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");

        using var response = await node.Client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("process").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_WithSqliteInTempDataDirectory_Returns200AndCreatesDatabase()
    {
        using var temp = new TempDirectory();
        var dataDirectory = Path.Combine(temp.Path, "data");

        await using (var node = await TestNode.StartAsync($"Router:DataDirectory={dataDirectory}"))
        {
            using var response = await node.Client.GetAsync("/health/ready");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(File.Exists(Path.Combine(dataDirectory, "router.db")), $"router.db is missing from {dataDirectory}");
        }
    }

    [Fact]
    public async Task Ready_WithSqliteConnectionString_UsesThatDatabase()
    {
        using var temp = new TempDirectory();
        var database = Path.Combine(temp.Path, "elsewhere", "state.db");

        await using (var node = await TestNode.StartAsync(
            "Router:Storage:Provider=sqlite",
            $"Router:Storage:ConnectionString=Data Source={database}",
            $"Router:DataDirectory={Path.Combine(temp.Path, "unused")}"))
        {
            using var response = await node.Client.GetAsync("/health/ready");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(File.Exists(database), $"{database} is missing");
            Assert.False(Directory.Exists(Path.Combine(temp.Path, "unused")));
        }
    }

    [Fact]
    public async Task Ready_WithMemoryStorage_Returns200()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");

        using var response = await node.Client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_WhenReady_ReportsSiloAndStorageChecks()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");

        using var response = await node.Client.GetAsync("/health/ready");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(["silo", "storage"], checks.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal("silo running", checks.GetProperty("silo").GetProperty("description").GetString());
        Assert.Equal("storage reachable", checks.GetProperty("storage").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Health_WhenReady_Returns200WithReadinessChecks()
    {
        await using var node = await TestNode.StartAsync("Router:Storage:Provider=memory");

        using var response = await node.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("checks").TryGetProperty("storage", out _));
    }
}
