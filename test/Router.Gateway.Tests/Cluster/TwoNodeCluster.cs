using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Router.Gateway.Mcp;
using Router.Gateway.Options;
using Router.Gateway.Security;
using Router.Gateway.Tests.Infrastructure;
using Router.Gateway.Tests.Mcp;
using Router.Silo.Membership;
using Router.Testing;

namespace Router.Gateway.Tests.Cluster;

/// <summary>
/// Two nodes, A and B, on one throwaway PostgreSQL database (a cluster), with three API keys: an admin key (registration)
/// and two call keys, <c>agent-a</c> and <c>agent-b</c>. An upstream is registered as <see cref="McpId"/> through A.
/// </summary>
internal sealed class TwoNodeCluster : IAsyncDisposable
{
    public const string McpId = "everything";
    public const string AgentAKey = "cluster-agent-a-key";
    public const string AgentBKey = "cluster-agent-b-key";
    private const string AdminKey = "cluster-admin-key";

    private readonly TestNode?[] _nodes;
    private readonly List<TestNode> _cutOff = [];

    private TwoNodeCluster(TestNode a, TestNode b) => _nodes = [a, b];

    public TestNode A => _nodes[0] ?? throw new InvalidOperationException("A was stopped.");

    public TestNode B => _nodes[1] ?? throw new InvalidOperationException("B was stopped.");

    public static string AppPath => $"/v1/mcp/app/{McpId}/mcp";

    /// <summary>
    /// Starts both nodes (A first), with <paramref name="extraSettings"/> and their logs recorded in <paramref name="logs"/>
    /// if given, and registers <paramref name="upstream"/> as <see cref="McpId"/> 1.0.0 through A.
    /// </summary>
    public static async Task<TwoNodeCluster> StartAsync(Uri upstream, LogRecorder? logs = null, IReadOnlyList<string>? extraSettings = null)
    {
        var server = await PostgresServer.GetSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("sessions");
        string[] settings =
        [
            "Router:Storage:Provider=postgres", $"Router:Storage:ConnectionString={connectionString}",
            "Router:Auth:Keys:0:Name=admin", $"Router:Auth:Keys:0:Hash={ApiKeyHash.Format(AdminKey)}", $"Router:Auth:Keys:0:Scopes:0={ApiKeyScopeNames.Admin}",
            "Router:Auth:Keys:1:Name=agent-a", $"Router:Auth:Keys:1:Hash={ApiKeyHash.Format(AgentAKey)}", $"Router:Auth:Keys:1:Scopes:0={ApiKeyScopeNames.Call}",
            "Router:Auth:Keys:2:Name=agent-b", $"Router:Auth:Keys:2:Hash={ApiKeyHash.Format(AgentBKey)}", $"Router:Auth:Keys:2:Scopes:0={ApiKeyScopeNames.Call}",
            .. extraSettings ?? [],
        ];
        var a = await StartNodeAsync(logs, settings);
        TestNode? b = null;
        try
        {
            b = await StartNodeAsync(logs, settings);
            var cluster = new TwoNodeCluster(a, b);
            await cluster.RegisterAsync(upstream, "i1", "1.0.0");
            return cluster;
        }
        catch
        {
            if (b is not null)
            {
                await b.DisposeAsync();
            }

            await a.DisposeAsync();
            throw;
        }
    }

    /// <summary>Registers an instance of <see cref="McpId"/> through A.</summary>
    public async Task RegisterAsync(Uri upstream, string instanceId, string version)
    {
        var body = RegistryCalls.Registration(instanceId, version, upstream.ToString(), interval: 300);
        body["transport"] = "streamable-http";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/servers/{McpId}/instances") { Content = RegistryCalls.Json(body.ToJsonString()) };
        using var response = await A.Client.SendAsync(WithKey(request, AdminKey));
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"registration answered {(int)response.StatusCode}");
    }

    /// <summary>The node's internal port (each test node gets a free one).</summary>
    public static int InternalPort(TestNode node) => node.App.Services.GetRequiredService<IOptions<RouterOptions>>().Value.Cluster.InternalPort;

    /// <summary>True when <paramref name="node"/> holds the Streamable HTTP session <paramref name="sessionId"/>.</summary>
    public static bool Holds(TestNode node, string sessionId) => Session(node, sessionId) is not null;

    /// <summary>The Streamable HTTP session <paramref name="sessionId"/> if <paramref name="node"/> holds it.</summary>
    public static McpStreamableSession? Session(TestNode node, string sessionId) =>
        node.App.Services.GetRequiredService<McpSessionStore>().TryGet(sessionId, out var session) ? session : null;

    /// <summary>Opens a session through <paramref name="via"/> with <paramref name="key"/> (initialize, then initialized).</summary>
    public static async Task<string> InitializeAsync(TestNode via, string key, string path)
    {
        using var response = await SendAsync(via, key, McpRawCalls.InitializeBody, sessionId: null, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sessionId = Assert.Single(response.Headers.GetValues("Mcp-Session-Id"));
        using var initialized = await SendAsync(via, key, """{"jsonrpc":"2.0","method":"notifications/initialized"}""", sessionId, path);
        Assert.Equal(HttpStatusCode.Accepted, initialized.StatusCode);
        return sessionId;
    }

    /// <summary>POSTs <paramref name="body"/> to <paramref name="path"/> on <paramref name="via"/>, as <paramref name="key"/> (none when null).</summary>
    public static Task<HttpResponseMessage> SendAsync(TestNode via, string? key, string body, string? sessionId, string path) =>
        via.Client.SendAsync(Post(via, key, body, sessionId, path));

    /// <summary>A POST of <paramref name="body"/> to <paramref name="path"/> on <paramref name="via"/>, as <paramref name="key"/> (none when null).</summary>
    public static HttpRequestMessage Post(TestNode via, string? key, string body, string? sessionId, string path) =>
        WithKey(McpRawCalls.Post(new Uri(via.BaseAddress, path), body, sessionId), key);

    /// <summary>A GET (standalone stream) or DELETE of <paramref name="sessionId"/> on <paramref name="via"/>, as <paramref name="key"/>.</summary>
    public static HttpRequestMessage Request(HttpMethod method, TestNode via, string key, string sessionId, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(via.BaseAddress, path));
        request.Headers.Add("Mcp-Session-Id", sessionId);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return WithKey(request, key);
    }

    /// <summary>
    /// Cuts <paramref name="node"/> off from the cluster's membership, as a partition from the database would: it stops
    /// renewing its row (so it fences itself after the fence timeout) but keeps running and serving its internal port.
    /// </summary>
    public async Task CutOffAsync(TestNode node)
    {
        _cutOff.Add(node);
        await node.App.Services.GetRequiredService<SiloMembership>().DisposeAsync();
    }

    /// <summary>Stops <paramref name="node"/> gracefully, as a rolling restart or a scale-down would.</summary>
    public async Task StopAsync(TestNode node)
    {
        var index = Array.IndexOf(_nodes, node);
        _nodes[index] = null;
        await DisposeAsync(node);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Reverse())
        {
            if (node is not null)
            {
                await DisposeAsync(node);
            }
        }
    }

    private static Task<TestNode> StartNodeAsync(LogRecorder? logs, string[] settings) =>
        logs is null ? TestNode.StartAsync(settings) : TestNode.StartAsync(logs, settings);

    private async Task DisposeAsync(TestNode node)
    {
        if (!_cutOff.Contains(node))
        {
            await node.DisposeAsync();
            return;
        }

        // Its membership is gone, so it cannot leave the cluster as a stopping node does; it just goes.
        try
        {
            await node.App.StopAsync();
        }
        catch (Exception e) when (e is AggregateException or ObjectDisposedException)
        {
        }

        await node.App.DisposeAsync();
        node.Client.Dispose();
    }

    private static HttpRequestMessage WithKey(HttpRequestMessage request, string? key)
    {
        if (key is not null)
        {
            request.Headers.Add(RouterAccessFilter.ApiKeyHeader, key);
        }

        return request;
    }
}
