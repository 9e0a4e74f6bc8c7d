using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Router.Abstractions.Routing;

namespace Router.Gateway.Routing;

/// <summary>The agent sessions this node serves: by id for the instance grains, by server for registry changes.</summary>
internal sealed class McpAgentDirectory : IMcpAgentChannels
{
    private readonly ConcurrentDictionary<string, McpAgentSessionBase> _sessions = new(StringComparer.Ordinal);

    public void Add(McpAgentSessionBase session) => _sessions[session.Id] = session;

    public void Remove(McpAgentSessionBase session) => _sessions.TryRemove(KeyValuePair.Create(session.Id, session));

    public bool TryGet(string agentSessionId, [NotNullWhen(true)] out IMcpAgentChannel? channel)
    {
        if (_sessions.TryGetValue(agentSessionId, out var session))
        {
            channel = session;
            return true;
        }

        channel = null;
        return false;
    }

    /// <summary>The session <paramref name="agentSessionId"/> if it is open here.</summary>
    public McpAgentSessionBase? Find(string agentSessionId) => _sessions.GetValueOrDefault(agentSessionId);

    /// <summary>The open sessions of server <paramref name="mcpId"/>.</summary>
    public IEnumerable<McpAgentSession> SessionsOf(string mcpId) =>
        _sessions.Values.OfType<McpAgentSession>().Where(s => string.Equals(s.McpId, mcpId, StringComparison.Ordinal));

    /// <summary>The servers that open sessions are bound to.</summary>
    public IEnumerable<string> ServersInUse => _sessions.Values.OfType<McpAgentSession>().Select(s => s.McpId).Distinct(StringComparer.Ordinal);

    /// <summary>The open sessions of the aggregate endpoint.</summary>
    public IEnumerable<McpAggregateSession> AggregateSessions => _sessions.Values.OfType<McpAggregateSession>();
}
