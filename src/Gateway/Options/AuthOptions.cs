namespace Router.Gateway.Options;

/// <summary>API keys, bound from <c>Router:Auth</c>.</summary>
internal sealed class AuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Router:Auth";

    /// <summary>
    /// The accepted keys. Empty by default: then the node serves loopback clients only and refuses to start when it is
    /// configured to listen on any other address.
    /// </summary>
    public List<ApiKeyOptions> Keys { get; set; } = [];
}
