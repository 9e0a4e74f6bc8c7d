using System.Net;
using Router.Gateway.Security;
using Router.Gateway.Tests.Infrastructure;

namespace Router.Gateway.Tests.Routing;

public sealed class RoutingAccessTests
{
    private const string RegisterKey = "routing-test-register-key-0123456789";

    [Fact]
    public async Task RoutingEndpoints_KeysConfiguredWithoutAdminKey_AreRefused()
    {
        await using var node = await TestNode.StartAsync(
            "Router:Storage:Provider=memory",
            "Router:Auth:Keys:0:Name=registrar",
            $"Router:Auth:Keys:0:Hash={ApiKeyHash.Format(RegisterKey)}",
            "Router:Auth:Keys:0:Scopes:0=register");

        using (var anonymous = await node.Client.PostAsync("/v1/mcp/app/everything/mcp", RegistryCalls.Json("{}")))
        {
            await Problems.AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/mcp/proxy/everything/tools");
        request.Headers.Add(RouterAccessFilter.ApiKeyHeader, RegisterKey);
        using var registrar = await node.Client.SendAsync(request);
        await Problems.AssertProblemAsync(registrar, HttpStatusCode.Forbidden);
    }
}
