namespace Router.Client;

/// <summary>
/// The state of this server's registration with the router, kept current by the registration service that
/// <see cref="McpRouterServiceCollectionExtensions.AddMcpRouterRegistration(Microsoft.Extensions.DependencyInjection.IServiceCollection)"/>
/// adds. Resolve it from the service provider.
/// </summary>
public interface IMcpRouterRegistration
{
    /// <summary>
    /// The instance id the router knows this server by: the configured one, or the one the router generated at the
    /// first registration, which is then kept for the life of the process. Null until the first registration succeeds.
    /// </summary>
    string? InstanceId { get; }

    /// <summary>
    /// True while the router has acknowledged the registration and nothing since has said it was lost (a 404 to a
    /// heartbeat or lease, a failed request, a closed lease, or shutdown).
    /// </summary>
    bool IsRegistered { get; }

    /// <summary>The last failure talking to the router, or null when the last attempt succeeded.</summary>
    Exception? LastError { get; }

    /// <summary>
    /// Raised after any of <see cref="InstanceId"/>, <see cref="IsRegistered"/> or <see cref="LastError"/> changes, on the
    /// registration loop's thread. Handlers should be quick; an exception from one is logged and ignored.
    /// </summary>
    event EventHandler? StateChanged;

    /// <summary>Completes when the server is registered: at once if it is now, otherwise at the next successful registration.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes once <see cref="IsRegistered"/> is true.</returns>
    Task WaitForRegistrationAsync(CancellationToken cancellationToken = default);
}
