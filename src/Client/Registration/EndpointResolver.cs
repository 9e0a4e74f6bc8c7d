using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Router.Client.Registration;

/// <summary>
/// Turns the configured endpoint into the absolute URL announced to the router. A path (<c>/mcp</c>) is resolved against
/// the first address this host's ASP.NET Core server listens on, which is only known once it has started — which is
/// why registration waits for <c>ApplicationStarted</c>.
/// </summary>
internal sealed class EndpointResolver(IServiceProvider services)
{
    private static readonly string[] WildcardHosts = ["0.0.0.0", "[::]", "::", "+", "*"];

    public Uri Resolve(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.IsAbsoluteUri)
        {
            return endpoint;
        }

        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null || addresses.Count == 0)
        {
            throw new InvalidOperationException(
                $"McpRouter:Endpoint '{endpoint.OriginalString}' is a path, but this host has no ASP.NET Core server address to resolve it against; set an absolute URL.");
        }

        foreach (var address in addresses)
        {
            if (Uri.TryCreate(address, UriKind.Absolute, out var baseUrl)
                && (baseUrl.Scheme == Uri.UriSchemeHttp || baseUrl.Scheme == Uri.UriSchemeHttps)
                && !WildcardHosts.Contains(baseUrl.Host, StringComparer.Ordinal))
            {
                return new Uri(baseUrl, endpoint.OriginalString);
            }
        }

        throw new InvalidOperationException(
            $"McpRouter:Endpoint '{endpoint.OriginalString}' is a path, but this host listens only on wildcard addresses ({string.Join(", ", addresses)}), which name no address the router can call; set an absolute URL.");
    }
}
