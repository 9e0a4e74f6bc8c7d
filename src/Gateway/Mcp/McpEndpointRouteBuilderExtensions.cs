using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace Router.Gateway.Mcp;

/// <summary>
/// Maps MCP agent endpoints on ModelContextProtocol.Core alone (the SDK's ASP.NET Core package is not available to this
/// build). The handlers stream, so they are plain request delegates rather than typed results.
/// </summary>
internal static class McpEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps a Streamable HTTP MCP endpoint (POST, GET, DELETE) at <paramref name="pattern"/>. The factory picks the server
    /// for each new session or session-less request; <see langword="null"/> answers 404 problem details.
    /// </summary>
    public static IEndpointConventionBuilder MapMcpEndpoint(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Func<HttpContext, CancellationToken, ValueTask<McpServerOptions?>> serverOptionsFactory)
    {
        ArgumentNullException.ThrowIfNull(serverOptionsFactory);
        return endpoints.MapMcpEndpoint(pattern, Fixed(serverOptionsFactory));
    }

    /// <summary>
    /// Maps a Streamable HTTP MCP endpoint whose factory makes an <see cref="IMcpServerSession"/> per session (or per
    /// session-less request): it sees the running server and is disposed when the session ends.
    /// </summary>
    public static IEndpointConventionBuilder MapMcpEndpoint(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Func<McpServerSessionContext, CancellationToken, ValueTask<IMcpServerSession?>> serverFactory)
    {
        ArgumentNullException.ThrowIfNull(serverFactory);
        var services = endpoints.ServiceProvider;
        var handler = new McpStreamableHttpHandler(
            Store(services),
            services.GetRequiredService<IOptions<McpHostingOptions>>(),
            services.GetRequiredService<McpOriginValidator>(),
            services.GetRequiredService<IMcpSessionLocator>(),
            services.GetRequiredService<ILoggerFactory>(),
            services,
            serverFactory);

        var registry = services.GetRequiredService<McpEndpointRegistry>();
        var route = RoutePatternFactory.Parse(pattern);
        registry.Add(HttpMethods.Post, route, handler.HandlePostAsync);
        registry.Add(HttpMethods.Get, route, handler.HandleGetAsync);
        registry.Add(HttpMethods.Delete, route, handler.HandleDeleteAsync);

        var group = endpoints.MapGroup(pattern);
        group.MapPost(string.Empty, handler.HandlePostAsync);
        group.MapGet(string.Empty, handler.HandleGetAsync);
        group.MapDelete(string.Empty, handler.HandleDeleteAsync);
        return group;
    }

    /// <summary>
    /// Maps a legacy HTTP+SSE MCP endpoint: GET <paramref name="ssePattern"/> opens the stream, POST
    /// <paramref name="messagePattern"/> delivers messages. Every route parameter of the message pattern must appear in
    /// the stream pattern, so the announced message address can be built from the stream's route values.
    /// </summary>
    public static IEndpointConventionBuilder MapMcpSseEndpoint(
        this IEndpointRouteBuilder endpoints,
        string ssePattern,
        string messagePattern,
        Func<HttpContext, CancellationToken, ValueTask<McpServerOptions?>> serverOptionsFactory)
    {
        ArgumentNullException.ThrowIfNull(serverOptionsFactory);
        return endpoints.MapMcpSseEndpoint(ssePattern, messagePattern, Fixed(serverOptionsFactory));
    }

    /// <summary>Maps a legacy HTTP+SSE MCP endpoint whose factory makes an <see cref="IMcpServerSession"/> per stream.</summary>
    public static IEndpointConventionBuilder MapMcpSseEndpoint(
        this IEndpointRouteBuilder endpoints,
        string ssePattern,
        string messagePattern,
        Func<McpServerSessionContext, CancellationToken, ValueTask<IMcpServerSession?>> serverFactory)
    {
        ArgumentNullException.ThrowIfNull(serverFactory);
        var stream = RoutePatternFactory.Parse(ssePattern);
        var message = RoutePatternFactory.Parse(messagePattern);
        var missing = message.Parameters.Select(p => p.Name).Except(stream.Parameters.Select(p => p.Name), StringComparer.OrdinalIgnoreCase).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException(
                $"The message pattern's parameters {string.Join(", ", missing)} do not appear in the stream pattern '{ssePattern}'.",
                nameof(messagePattern));
        }

        var services = endpoints.ServiceProvider;
        var handler = new McpSseHandler(
            Store(services),
            services.GetRequiredService<IOptions<McpHostingOptions>>(),
            services.GetRequiredService<McpOriginValidator>(),
            services.GetRequiredService<IMcpSessionLocator>(),
            services.GetRequiredService<ILoggerFactory>(),
            services,
            message,
            serverFactory);

        // The stream opens the session where it arrives; only its messages can land on another node.
        services.GetRequiredService<McpEndpointRegistry>().Add(HttpMethods.Post, message, handler.HandleMessageAsync);

        var group = endpoints.MapGroup(string.Empty);
        group.MapGet(ssePattern, handler.HandleStreamAsync);
        group.MapPost(messagePattern, handler.HandleMessageAsync);
        return group;
    }

    private static Func<McpServerSessionContext, CancellationToken, ValueTask<IMcpServerSession?>> Fixed(
        Func<HttpContext, CancellationToken, ValueTask<McpServerOptions?>> serverOptionsFactory) =>
        async (session, cancellationToken) =>
            await serverOptionsFactory(session.HttpContext, cancellationToken).ConfigureAwait(false) is { } options
                ? new FixedMcpServerSession(options)
                : null;

    private static McpSessionStore Store(IServiceProvider services) =>
        services.GetService<McpSessionStore>()
        ?? throw new InvalidOperationException($"Call services.{nameof(McpHostingServiceCollectionExtensions.AddMcpHosting)}() before mapping MCP endpoints.");
}
