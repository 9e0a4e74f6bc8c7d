using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Router.Gateway.Options;
using Router.Gateway.Security;
using Router.Gateway.Tests.Infrastructure;
using Router.Gateway.Tests.Mcp;

namespace Router.Gateway.Tests.Security;

public sealed class CallScopeTests
{
    private const string CallKey = "agent-key";
    private const string RegisterKey = "registrar-key";
    private const string AdminKey = "operator-key";

    private static readonly IReadOnlyList<ApiKeyOptions> Keys =
    [
        new ApiKeyOptions { Name = "agent", Hash = ApiKeyHash.Format(CallKey), Scopes = ["call"] },
        new ApiKeyOptions { Name = "registrar", Hash = ApiKeyHash.Format(RegisterKey), Scopes = ["register", "events:read"] },
        new ApiKeyOptions { Name = "operator", Hash = ApiKeyHash.Format(AdminKey), Scopes = ["admin"] },
    ];

    [Fact]
    public void ScopeNames_Call_ParsesAndRoundTrips()
    {
        Assert.Equal(ApiKeyScopes.Call, ApiKeyScopeNames.Parse("call"));
        Assert.Equal(ApiKeyScopes.None, ApiKeyScopeNames.Parse("Call"));
        Assert.Equal("call", ApiKeyScopeNames.NameOf(ApiKeyScopes.Call));
        Assert.Contains("call", ApiKeyScopeNames.All);
        Assert.All(ApiKeyScopeNames.All, name => Assert.Equal(name, ApiKeyScopeNames.NameOf(ApiKeyScopeNames.Parse(name))));
    }

    [Fact]
    public void Identity_WithCallScope_HasCallOnlyAndAdminHasCall()
    {
        var agent = new ApiKeyIdentity("agent", ApiKeyScopes.Call, []);
        var registrar = new ApiKeyIdentity("registrar", ApiKeyScopes.Register | ApiKeyScopes.EventsRead, []);

        Assert.True(agent.Has(ApiKeyScopes.Call));
        Assert.False(agent.Has(ApiKeyScopes.Register));
        Assert.False(agent.Has(ApiKeyScopes.EventsRead));
        Assert.False(agent.Has(ApiKeyScopes.Admin));
        Assert.False(agent.CanRegister("weather"));
        Assert.False(registrar.Has(ApiKeyScopes.Call));
        Assert.True(ApiKeyIdentity.LocalOperator.Has(ApiKeyScopes.Call));
    }

    [Fact]
    public void AuthValidator_WithCallScope_Succeeds()
    {
        var validator = new AuthOptionsValidator(new ConfigurationBuilder().Build());

        var result = validator.Validate(null, new AuthOptions { Keys = [.. Keys] });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void AuthValidator_WithUnknownScope_ListsCallAmongTheAllowed()
    {
        var validator = new AuthOptionsValidator(new ConfigurationBuilder().Build());

        var result = validator.Validate(null, new AuthOptions { Keys = [new ApiKeyOptions { Name = "k", Hash = ApiKeyHash.Format("k"), Scopes = ["calls"] }] });

        Assert.True(result.Failed);
        Assert.Contains("allowed: register, events:read, admin, call", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CallKey, HttpStatusCode.OK)]
    [InlineData(AdminKey, HttpStatusCode.OK)]
    [InlineData(RegisterKey, HttpStatusCode.Forbidden)]
    [InlineData("not-a-key", HttpStatusCode.Unauthorized)]
    public async Task McpEndpoint_BehindCallScope_ServesCallAndAdminKeysOnly(string key, HttpStatusCode expected)
    {
        await using var host = await McpTestHost.StartAsync(keys: Keys);
        using var request = McpRawCalls.Post(host.StreamableEndpoint(), McpRawCalls.InitializeBody);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden);
            Assert.Contains("(call)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RegistryEndpoints_WithCallKey_Answer403()
    {
        await using var node = await TestNode.StartAsync(
            "Router:Storage:Provider=memory",
            "Router:Auth:Keys:0:Name=agent",
            $"Router:Auth:Keys:0:Hash={ApiKeyHash.Format(CallKey)}",
            "Router:Auth:Keys:0:Scopes:0=call");

        using var register = new HttpRequestMessage(HttpMethod.Post, "/v1/servers/weather/instances") { Content = RegistryCalls.Json(RegistryCalls.Registration().ToJsonString()) };
        register.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CallKey);
        using var read = new HttpRequestMessage(HttpMethod.Get, "/v1/servers");
        read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CallKey);

        using var registered = await node.Client.SendAsync(register);
        using var listed = await node.Client.SendAsync(read);

        await Problems.AssertProblemAsync(registered, HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(listed, HttpStatusCode.Forbidden);
    }
}
