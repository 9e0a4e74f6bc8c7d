using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Router.Abstractions.Registry;
using Router.Abstractions.Routing;
using Router.Gateway.Cluster;
using Router.Gateway.Health;
using Router.Gateway.Mcp;
using Router.Gateway.Options;
using Router.Gateway.Routing;
using Router.Grains.Registry;
using Router.Silo.Hosting;
using Router.Silo.Membership;

namespace Router.Gateway.Hosting;

/// <summary>
/// Adds everything a router node runs: its options, the co-hosted silo with the router's grains and its storage, the
/// registration API and event feed, the MCP endpoints (with their sessions usable through any node of a cluster),
/// health checks.
/// </summary>
internal static class RouterNodeWebApplicationBuilderExtensions
{
    /// <summary>
    /// Configures <paramref name="builder"/> as a router node. Reads the configuration as it is now to choose the
    /// storage provider, so add configuration sources before calling this.
    /// </summary>
    public static WebApplicationBuilder AddRouterNode(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddConfigurationDefaults(builder.Configuration);
        if (!RouterNodeUrls.AreConfigured(builder.Configuration))
        {
            builder.WebHost.UseUrls(RouterNodeUrls.Default);
        }

        var services = builder.Services;
        services.AddOptions<RouterOptions>().BindConfiguration(RouterOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RouterOptions>, RouterOptionsValidator>());

        var settings = builder.Configuration.GetSection(RouterOptions.SectionName).Get<RouterOptions>() ?? new RouterOptions();
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = settings.InlineRequestScheduling);
        services.AddSilo(silo =>
        {
            silo.AddGrains(typeof(GrainsJsonContext).Assembly)
                .AddSerializerContext(RegistryJsonContext.Default)
                .AddSerializerContext(RoutingJsonContext.Default)
                .AddSerializerContext(GrainsJsonContext.Default);
            silo.AddRouterStorage(settings);
            silo.AddRouterMembership(settings, builder.Configuration[WebHostDefaults.ServerUrlsKey]);
        });
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName);
        services.AddOptions<MembershipOptions>().BindConfiguration(MembershipOptions.SectionName);

        services.AddRouterApi();
        services.AddMcpHosting();
        services.AddMcpSessionForwarding(settings);
        services.AddToolRouting();
        services.AddRouterHealthChecks();
        services.AddHostedService<NodeLifetimeLogger>();
        return builder;
    }

    /// <summary>
    /// Defaults that live in code because <c>dotnet run --project</c> does not load the project's appsettings.json;
    /// inserted first, so every configuration source overrides them. ASP.NET Core's per-request information logs
    /// would otherwise fire on every heartbeat.
    /// </summary>
    private static void AddConfigurationDefaults(ConfigurationManager configuration) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = [new("Logging:LogLevel:Microsoft.AspNetCore", "Warning")],
        });
}
