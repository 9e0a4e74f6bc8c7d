using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Router.Gateway.Hosting;

/// <summary>Where a node listens when nothing says otherwise.</summary>
internal static class RouterNodeUrls
{
    /// <summary>The embedded default: loopback only, port 8080.</summary>
    public const string Default = "http://127.0.0.1:8080";

    /// <summary>
    /// True when the configuration names addresses: <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>URLS</c>),
    /// <c>http_ports</c>/<c>https_ports</c> (<c>ASPNETCORE_HTTP_PORTS</c>, …) or <c>Kestrel:Endpoints</c>.
    /// </summary>
    public static bool AreConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey])
            || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpPortsKey])
            || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpsPortsKey])
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
    }
}
