using System.Net;
using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Hosting;

public sealed class GatewayProcessTests
{
    [Fact]
    public async Task GatewayProcess_WithoutRouterConfiguration_BecomesReadyWithSqliteUnderWorkingDirectoryData()
    {
        using var workingDirectory = new TempDirectory();
        var url = $"http://127.0.0.1:{FreePort.Next()}";

        using (var gateway = GatewayProcess.Start(workingDirectory.Path, ["--urls", url]))
        using (var client = new HttpClient())
        {
            var status = await Readiness.WaitForStatusAsync(client, new Uri($"{url}/health/ready"), HttpStatusCode.OK, giveUp: () => gateway.HasExited);

            Assert.True(status == HttpStatusCode.OK, $"/health/ready answered {status?.ToString() ?? "nothing"}; gateway output:{Environment.NewLine}{gateway.Output}");
            Assert.True(File.Exists(Path.Combine(workingDirectory.Path, "data", "router.db")), $"data/router.db is missing; gateway output:{Environment.NewLine}{gateway.Output}");
        }
    }

    [Fact]
    public async Task GatewayProcess_WithProviderFromEnvironment_UsesIt()
    {
        using var workingDirectory = new TempDirectory();
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var environment = new Dictionary<string, string> { ["Router__Storage__Provider"] = "memory", ["ASPNETCORE_URLS"] = url };

        using (var gateway = GatewayProcess.Start(workingDirectory.Path, [], environment))
        using (var client = new HttpClient())
        {
            var status = await Readiness.WaitForStatusAsync(client, new Uri($"{url}/health/ready"), HttpStatusCode.OK, giveUp: () => gateway.HasExited);

            Assert.True(status == HttpStatusCode.OK, $"/health/ready answered {status?.ToString() ?? "nothing"}; gateway output:{Environment.NewLine}{gateway.Output}");
            Assert.False(Directory.Exists(Path.Combine(workingDirectory.Path, "data")), "memory storage must not create a data directory");
        }
    }
}
