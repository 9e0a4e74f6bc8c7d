using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Router.Gateway.Security;

/// <summary>
/// Decides what counts as loopback: for the addresses a node is configured to listen on (the sources
/// <see cref="Hosting.RouterNodeUrls"/> reads), and for the clients that connect.
/// </summary>
internal static class LoopbackAddresses
{
    /// <summary>
    /// The configured listen addresses that are not loopback, each with the setting it came from: wildcard hosts
    /// (<c>0.0.0.0</c>, <c>*</c>, <c>+</c>, <c>[::]</c>), non-loopback IPs, host names other than <c>localhost</c>
    /// (Kestrel binds every interface for those), and any <c>http_ports</c>/<c>https_ports</c> (which bind every interface).
    /// </summary>
    public static IReadOnlyList<string> NonLoopbackListenAddresses(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var found = new List<string>();
        foreach (var url in Split(configuration[WebHostDefaults.ServerUrlsKey]))
        {
            if (!IsLoopbackUrl(url))
            {
                found.Add($"{url} ({WebHostDefaults.ServerUrlsKey})");
            }
        }

        foreach (var key in new[] { WebHostDefaults.HttpPortsKey, WebHostDefaults.HttpsPortsKey })
        {
            foreach (var port in Split(configuration[key]))
            {
                found.Add($"port {port} on every interface ({key})");
            }
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            var url = endpoint["Url"];
            if (!string.IsNullOrWhiteSpace(url) && !IsLoopbackUrl(url.Trim()))
            {
                found.Add($"{url.Trim()} (Kestrel:Endpoints:{endpoint.Key}:Url)");
            }
        }

        return found;
    }

    /// <summary>
    /// True when a URL Kestrel would bind listens on loopback only: <c>localhost</c>, a loopback IP, a Unix socket or a
    /// named pipe. False for anything it cannot parse.
    /// </summary>
    public static bool IsLoopbackUrl(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return false;
        }

        if (address.IsUnixPipe || address.IsNamedPipe)
        {
            return true;
        }

        var host = address.Host;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IsLoopback(ip);
    }

    /// <summary>True for 127.0.0.0/8, ::1 and their IPv4-mapped forms.</summary>
    public static bool IsLoopback(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }

    private static IEnumerable<string> Split(string? value) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
