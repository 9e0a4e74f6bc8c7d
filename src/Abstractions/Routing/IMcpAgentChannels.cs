using System.Diagnostics.CodeAnalysis;

namespace Router.Abstractions.Routing;

/// <summary>
/// The agent sessions this node serves, by id. Node-local: <see cref="IMcpInstanceGrain"/> is a stateless worker, so it
/// always runs on the node of the agent session that called it, and reaches the agent through this directory rather than
/// through anything passed over a grain call.
/// </summary>
public interface IMcpAgentChannels
{
    /// <summary>The channel of agent session <paramref name="agentSessionId"/>, if it is still open on this node.</summary>
    bool TryGet(string agentSessionId, [NotNullWhen(true)] out IMcpAgentChannel? channel);
}
