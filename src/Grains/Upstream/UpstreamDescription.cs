using ModelContextProtocol.Protocol;

namespace Router.Grains.Upstream;

/// <summary>What a replica said about itself when the router's session with it opened.</summary>
internal sealed record UpstreamDescription(string? ProtocolVersion, ServerCapabilities Capabilities, Implementation? ServerInfo, string? Instructions);
