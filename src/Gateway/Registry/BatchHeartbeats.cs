using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Router.Abstractions.Grains;
using Router.Abstractions.Registry;
using Router.Gateway.Diagnostics;
using Router.Gateway.Http;
using Router.Gateway.Security;

namespace Router.Gateway.Registry;

/// <summary>
/// Applies the items of <c>POST /v1/heartbeats</c>, each on its own: an invalid item (<c>400</c>), one the key does not
/// cover (<c>403</c>) or one whose registry fails (<c>503</c>) does not affect the others. Items run concurrently; one
/// server's items reach its registry in order.
/// </summary>
internal sealed class BatchHeartbeats(IGrainFactory grains, ILogger<BatchHeartbeats> logger)
{
    public async Task<BatchHeartbeatResponse> ApplyAsync(IReadOnlyList<BatchHeartbeatItem?> items, ApiKeyIdentity identity, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(identity);
        var results = await Task.WhenAll(items.Select((item, index) => ApplyAsync(item, index, identity, request))).ConfigureAwait(false);
        return new BatchHeartbeatResponse(results);
    }

    private async Task<BatchHeartbeatResult> ApplyAsync(BatchHeartbeatItem? item, int index, ApiKeyIdentity identity, HttpRequest request)
    {
        if (item is null)
        {
            return new BatchHeartbeatResult(null, null, StatusCodes.Status400BadRequest, $"heartbeats[{index}]: Must be an object.");
        }

        var errors = new ValidationErrors();
        RegistrationValidator.ValidateMcpId(item.McpId, errors);
        RegistrationValidator.ValidateInstanceId(item.InstanceId, errors);
        var load = RegistrationValidator.ValidateLoad(item.Load, errors, "load.");
        if (errors.HasErrors)
        {
            return new BatchHeartbeatResult(item.McpId, item.InstanceId, StatusCodes.Status400BadRequest, errors.FirstMessage());
        }

        if (!identity.CanRegister(item.McpId!))
        {
            return new BatchHeartbeatResult(item.McpId, item.InstanceId, StatusCodes.Status403Forbidden, "The API key does not cover this MCP server.");
        }

        try
        {
            var known = await grains.GetGrain<IConnectionRegistryGrain>(item.McpId!).HeartbeatAsync(item.InstanceId!, load).ConfigureAwait(false);
            return new BatchHeartbeatResult(item.McpId, item.InstanceId, known ? StatusCodes.Status204NoContent : StatusCodes.Status404NotFound);
        }
        catch (Exception exception)
        {
            GatewayLog.RegistryUnavailable(logger, exception, request.Method, request.Path);
            return new BatchHeartbeatResult(item.McpId, item.InstanceId, StatusCodes.Status503ServiceUnavailable, "The registry could not complete the heartbeat; retry.");
        }
    }
}
