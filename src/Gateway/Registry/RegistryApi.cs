using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Router.Abstractions.Grains;
using Router.Abstractions.Registry;
using Router.Gateway.Events;
using Router.Gateway.Http;
using Router.Gateway.Security;

namespace Router.Gateway.Registry;

/// <summary>
/// Maps the registration API (docs/api/registry.md): register, heartbeat (one or many), connection lease, drain,
/// deregister, and the current servers. Bodies are read and validated here, field by field, before any grain is called,
/// so a rejected request changes nothing.
/// </summary>
internal static class RegistryApi
{
    /// <summary>The most items one <c>POST /v1/heartbeats</c> takes.</summary>
    public const int MaxBatchHeartbeats = 1000;

    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        const string Instance = "/v1/servers/{mcpId}/instances/{instanceId}";
        endpoints.MapPost("/v1/servers/{mcpId}/instances", RegisterAsync).RequireRouterScope(ApiKeyScopes.Register).WithName("RegisterInstance");
        endpoints.MapPut(Instance + "/heartbeat", HeartbeatAsync).RequireRouterScope(ApiKeyScopes.Register).WithName("Heartbeat");
        endpoints.MapGet(Instance + "/lease", OpenLeaseAsync).RequireRouterScope(ApiKeyScopes.Register).WithName("ConnectionLease");
        endpoints.MapPost(Instance + "/drain", DrainAsync).RequireRouterScope(ApiKeyScopes.Register).WithName("DrainInstance");
        endpoints.MapDelete(Instance, DeregisterAsync).RequireRouterScope(ApiKeyScopes.Register).WithName("DeregisterInstance");
        endpoints.MapPost("/v1/heartbeats", BatchHeartbeatAsync).RequireRouterScope(ApiKeyScopes.Register).WithName("BatchHeartbeat");
        endpoints.MapGet("/v1/servers", ListServersAsync).RequireRouterScope(ApiKeyScopes.EventsRead).WithName("ListServers");
        endpoints.MapGet("/v1/servers/{mcpId}", GetServerAsync).RequireRouterScope(ApiKeyScopes.EventsRead).WithName("GetServer");
        return endpoints;
    }

    public static async Task<Results<Created<RegisterInstanceResponse>, Ok<RegisterInstanceResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        string mcpId, HttpRequest request, IGrainFactory grains)
    {
        var body = await JsonBodyReader.ReadAsync(request, GatewayJsonContext.Default.RegisterInstanceRequest).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        var errors = new ValidationErrors();
        if (RegistrationValidator.Validate(mcpId, body.Value!, errors) is not { } registration)
        {
            return ProblemResults.Invalid(errors);
        }

        var result = await grains.GetGrain<IConnectionRegistryGrain>(mcpId).RegisterAsync(registration).ConfigureAwait(false);
        var response = new RegisterInstanceResponse(result.InstanceId, result.LeaseTtlSeconds, result.HeartbeatIntervalSeconds);
        return result.Created
            ? TypedResults.Created($"/v1/servers/{mcpId}/instances/{Uri.EscapeDataString(result.InstanceId)}", response)
            : TypedResults.Ok(response);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> HeartbeatAsync(
        string mcpId, string instanceId, HttpRequest request, IGrainFactory grains)
    {
        var errors = ValidateIds(mcpId, instanceId);
        var body = await JsonBodyReader.ReadAsync(request, GatewayJsonContext.Default.HeartbeatRequest, optional: true).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        var load = RegistrationValidator.ValidateLoad(body.Value, errors);
        if (errors.HasErrors)
        {
            return ProblemResults.Invalid(errors);
        }

        return await grains.GetGrain<IConnectionRegistryGrain>(mcpId).HeartbeatAsync(instanceId, load).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : UnknownInstance();
    }

    public static async Task<Results<ConnectionLeaseResult, ValidationProblem, ProblemHttpResult>> OpenLeaseAsync(
        string mcpId, string instanceId, IGrainFactory grains, ConnectionLeaseStream stream)
    {
        var errors = ValidateIds(mcpId, instanceId);
        if (errors.HasErrors)
        {
            return ProblemResults.Invalid(errors);
        }

        var token = await grains.GetGrain<IConnectionRegistryGrain>(mcpId).OpenLeaseAsync(instanceId).ConfigureAwait(false);
        return token is null ? UnknownInstance() : new ConnectionLeaseResult(stream, mcpId, instanceId, token);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DrainAsync(string mcpId, string instanceId, IGrainFactory grains)
    {
        var errors = ValidateIds(mcpId, instanceId);
        if (errors.HasErrors)
        {
            return ProblemResults.Invalid(errors);
        }

        return await grains.GetGrain<IConnectionRegistryGrain>(mcpId).DrainAsync(instanceId).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : UnknownInstance();
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeregisterAsync(string mcpId, string instanceId, IGrainFactory grains)
    {
        var errors = ValidateIds(mcpId, instanceId);
        if (errors.HasErrors)
        {
            return ProblemResults.Invalid(errors);
        }

        return await grains.GetGrain<IConnectionRegistryGrain>(mcpId).DeregisterAsync(instanceId).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : UnknownInstance();
    }

    public static async Task<Results<Ok<BatchHeartbeatResponse>, ValidationProblem, ProblemHttpResult>> BatchHeartbeatAsync(
        HttpContext context, IGrainFactory grains, BatchHeartbeats batch)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = await JsonBodyReader.ReadAsync(context.Request, GatewayJsonContext.Default.BatchHeartbeatRequest).ConfigureAwait(false);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        var items = body.Value!.Heartbeats;
        if (items is null)
        {
            return ProblemResults.Invalid("heartbeats", "Required.");
        }

        if (items.Count > MaxBatchHeartbeats)
        {
            return ProblemResults.Invalid("heartbeats", $"At most {MaxBatchHeartbeats} items.");
        }

        return TypedResults.Ok(await batch.ApplyAsync(items, context.RouterIdentity(), context.Request).ConfigureAwait(false));
    }

    public static async Task<Ok<ServerListResponse>> ListServersAsync(EventFeed feed, IGrainFactory grains, CancellationToken cancellationToken)
    {
        // The persisted records name every server that has (or just had) instances; their grains answer with live state.
        var persisted = await RegistrySnapshots.ReadAsync(feed.Log, cancellationToken: cancellationToken).ConfigureAwait(false);
        var live = await Task.WhenAll(persisted.Servers.Select(s => grains.GetGrain<IConnectionRegistryGrain>(s.McpId).GetAsync())).ConfigureAwait(false);
        return TypedResults.Ok(new ServerListResponse([.. live.Where(server => server.Instances.Count > 0)]));
    }

    public static async Task<Results<Ok<ServerView>, ValidationProblem, ProblemHttpResult>> GetServerAsync(string mcpId, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        RegistrationValidator.ValidateMcpId(mcpId, errors);
        if (errors.HasErrors)
        {
            return ProblemResults.Invalid(errors);
        }

        var server = await grains.GetGrain<IConnectionRegistryGrain>(mcpId).GetAsync().ConfigureAwait(false);
        return server.Instances.Count > 0
            ? TypedResults.Ok(server)
            : ProblemResults.NotFound("The server has no live instance.");
    }

    private static ValidationErrors ValidateIds(string mcpId, string instanceId)
    {
        var errors = new ValidationErrors();
        RegistrationValidator.ValidateMcpId(mcpId, errors);
        RegistrationValidator.ValidateInstanceId(instanceId, errors);
        return errors;
    }

    private static ProblemHttpResult UnknownInstance() =>
        ProblemResults.NotFound("The instance is not registered (it expired, or the router lost it): register it again.");
}
