using Microsoft.AspNetCore.Http;

namespace Router.Gateway.Registry;

/// <summary>The result of opening a connection lease: holds the stream open until the server or the node goes away.</summary>
internal sealed class ConnectionLeaseResult(ConnectionLeaseStream stream, string mcpId, string instanceId, string leaseToken) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => stream.RunAsync(httpContext, mcpId, instanceId, leaseToken);
}
