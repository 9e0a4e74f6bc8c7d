using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Router.Gateway.Health;

/// <summary>Registers the node's health checks: liveness (the process answers) and readiness (silo and storage).</summary>
internal static class RouterHealthChecks
{
    /// <summary>The tag of checks <c>/health/live</c> runs.</summary>
    public const string LiveTag = "live";

    /// <summary>The tag of checks <c>/health/ready</c> and <c>/health</c> run.</summary>
    public const string ReadyTag = "ready";

    public const string ProcessCheck = "process";
    public const string SiloCheck = "silo";
    public const string StorageCheck = "storage";

    public static IServiceCollection AddRouterHealthChecks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SiloHealthCheck>();
        services.TryAddSingleton<StorageHealthCheck>();
        services.AddHealthChecks()
            .AddCheck(ProcessCheck, static () => HealthCheckResult.Healthy("process running"), [LiveTag])
            .AddCheck<SiloHealthCheck>(SiloCheck, HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<StorageHealthCheck>(StorageCheck, HealthStatus.Unhealthy, [ReadyTag]);
        return services;
    }
}
